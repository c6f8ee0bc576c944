package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.redis.RedisOptions;
import org.multiprocessing4j.redis.SessionLostException;

import org.redisson.Redisson;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SslVerificationMode;

import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Redisson client and the few ways the backend talks through it: Lua scripts, and blocking
 * pops ({@code BLPOP}, {@code BLMOVE}) with exact fractional timeouts.
 *
 * <p>Thread-safe. Every call either returns what the server answered or throws
 * {@link SessionLostException} naming the address, when the server did not answer within
 * {@link RedisOptions#serverTimeout()} (Redisson retries sending for that long, then the call
 * gives up). An interrupt does not abandon a call (its command may take effect on the server):
 * the answer is returned with the interrupt status set, and blocking operations throw
 * {@link InterruptedWaitException} between their slices ({@link #throwIfInterrupted}).
 */
public final class RedisLink implements AutoCloseable {

    /*
     * Implementation overview. Values are opaque byte[] (ByteArrayCodec): the library encodes
     * them itself. Redisson 4.7.0 rounds blocking timeouts to whole seconds (a 300 ms BLMOVE is
     * sent as "0", forever: research/distributed-2.md §2.6), and parses the last argument of a
     * command it knows as blocking as a whole number of seconds. So BLPOP/BLMOVE go out under
     * lower-case names Redisson does not recognise, with the timeout written as decimal seconds
     * (Redis >= 6.0 accepts them); to Redisson they are ordinary commands whose answer must come
     * within its response timeout, which is serverTimeout + MAX_SLICE. Callers therefore block in
     * slices of at most MAX_SLICE and check the session between slices.
     *
     * Redisson retries a command it could not send (server down, reconnecting) every RETRY for
     * serverTimeout; a command sent and not answered is never re-sent (it may have run), and
     * fails after the response timeout. A response timeout on a pop may thus lose an item the
     * server popped: only when the server stalls longer than serverTimeout, and the pool's own
     * pops (BLMOVE into an in-flight list) lose nothing even then.
     */

    /** The longest single blocking command; longer waits are several. */
    public static final Duration MAX_SLICE = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofMillis(100);

    private static final RedisCommand<Object> BLPOP = new RedisCommand<>("blpop",
            RedisCommands.BLPOP_VALUE.getReplayMultiDecoder());
    private static final RedisCommand<Object> BLMOVE = new RedisCommand<>("blmove");

    private final RedissonClient client;
    private final CommandAsyncExecutor executor;
    private final RScript script;
    private final String address;
    private final Duration serverTimeout;

    private RedisLink(RedissonClient client, String address, Duration serverTimeout) {
        this.client = client;
        this.executor = ((Redisson) client).getCommandExecutor();
        this.script = client.getScript(ByteArrayCodec.INSTANCE);
        this.address = address;
        this.serverTimeout = serverTimeout;
    }

    /**
     * Connects with a lean client (few threads and connections: an agent with N slots needs
     * N + 4 connections, one per blocked pop). It sets no client name: CLIENT is in the
     * {@code @dangerous} ACL category that deployments deny.
     *
     * @param connections the most connections used at once
     * @throws SessionLostException if the server cannot be reached or refuses the credentials
     */
    public static RedisLink connect(RedisOptions options, String clientName, int connections) {
        var config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.setThreads(2);
        config.setNettyThreads(Math.max(2, Math.min(8, connections)));
        config.setUseScriptCache(true);
        if (options.user() != null) {
            config.setUsername(options.user());
        }
        if (options.password() != null) {
            config.setPassword(new String(options.password()));
        }
        if (options.trustStore() != null) {
            try {
                config.setSslTruststore(options.trustStore().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("trustStore is not a usable path: trustStore=" + options.trustStore(), e);
            }
            if (options.trustStorePassword() != null) {
                config.setSslTruststorePassword(new String(options.trustStorePassword()));
            }
            config.setSslVerificationMode(SslVerificationMode.STRICT);
        }
        int window = (int) options.serverTimeout().toMillis();
        config.useSingleServer()
                .setAddress(options.address().toString())
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(connections)
                .setSubscriptionConnectionMinimumIdleSize(0)
                .setSubscriptionConnectionPoolSize(1)
                .setConnectTimeout(window)
                .setTimeout(window + (int) MAX_SLICE.toMillis())
                .setRetryAttempts(Math.max(1, window / (int) RETRY.toMillis()))
                .setRetryDelay(new ConstantDelay(RETRY))
                .setReconnectionDelay(new ConstantDelay(RETRY));
        String where = options.address().toString();
        try {
            return new RedisLink(Redisson.create(config), where, options.serverTimeout());
        } catch (RuntimeException e) {
            throw new SessionLostException("cannot connect to " + where + " as user "
                    + (options.user() == null ? "default" : options.user()) + ": " + rootMessage(e), e);
        }
    }

    /** The server's address, for messages. */
    public String address() {
        return address;
    }

    /**
     * Runs a Lua script (sent once, then by its SHA-1).
     *
     * @param args each a {@code byte[]}, {@code String} or number
     */
    public <R> R eval(String lua, RScript.ReturnType type, List<Object> keys, Object... args) {
        RFuture<R> f = script.evalAsync(RScript.Mode.READ_WRITE, lua, type, keys, bytes(args));
        return await(f, Duration.ZERO, "a script");
    }

    /** A command with no blocking; the answer decoded as bytes, or a number for integer replies. */
    public <R> R call(RedisCommand<?> command, String key, Object... args) {
        RFuture<R> f = executor.writeAsync(key, ByteArrayCodec.INSTANCE, command, args);
        return await(f, Duration.ZERO, command.getName());
    }

    /** {@code BLPOP key slice}: the head of the list, or null when none came within {@code slice} (at most {@link #MAX_SLICE}). */
    public byte[] blpop(String key, Duration slice) {
        RFuture<Object> f = executor.writeAsync(key, ByteArrayCodec.INSTANCE, BLPOP, key, seconds(slice));
        return (byte[]) await(f, slice, "BLPOP");
    }

    /** {@code BLMOVE src dst LEFT RIGHT slice}: the element moved, or null when none came within {@code slice}. */
    public byte[] blmove(String src, String dst, Duration slice) {
        RFuture<Object> f = executor.writeAsync(src, ByteArrayCodec.INSTANCE, BLMOVE, src, dst, "LEFT", "RIGHT", seconds(slice));
        // A timeout's null reply decodes as an empty list, not null.
        return await(f, slice, "BLMOVE") instanceof byte[] moved ? moved : null;
    }

    /**
     * Waits at most {@code slice} until the list {@code key} is not empty, consuming nothing
     * ({@code BLMOVE key key RIGHT RIGHT} moves the last element onto itself, so the order stays).
     *
     * @return whether the list had an element
     */
    public boolean awaitNonEmpty(String key, Duration slice) {
        RFuture<Object> f = executor.writeAsync(key, ByteArrayCodec.INSTANCE, BLMOVE, key, key, "RIGHT", "RIGHT", seconds(slice));
        return await(f, slice, "BLMOVE") instanceof byte[];
    }

    /** Deletes every key that starts with {@code prefix} (SCAN + UNLINK: KEYS is off-limits for ACL users). */
    public long unlinkAll(String prefix) {
        long removed = 0;
        for (String k : client.getKeys().getKeysByPattern(escape(prefix) + "*", 500)) {
            removed += client.getKeys().unlink(k);
        }
        return removed;
    }

    private static String escape(String prefix) {
        return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** Decimal seconds with millisecond precision; never "0" (which would block for ever). */
    private static String seconds(Duration slice) {
        long ms = Math.max(1, Math.min(slice.toMillis(), MAX_SLICE.toMillis()));
        return String.format(java.util.Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }

    private static Object[] bytes(Object[] args) {
        Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = switch (args[i]) {
                case byte[] b -> b;
                case String s -> s.getBytes(StandardCharsets.UTF_8);
                case Number n -> n.toString().getBytes(StandardCharsets.US_ASCII);
                case null -> throw new IllegalArgumentException("script argument " + i + " is null");
                default -> throw new IllegalArgumentException("script argument " + i + " must be byte[], String or a number: "
                        + args[i].getClass().getName());
            };
        }
        return out;
    }

    /** Waits for a Redisson call made on {@link #client()}, with this link's limits and error translation. */
    public <R> R await(RFuture<R> f, String what) {
        return await(f, Duration.ZERO, what);
    }

    /** The Redisson client (values are {@code byte[]}); key names must come from {@link Session#key(String)}. */
    public RedissonClient client() {
        return client;
    }

    /**
     * Waits for a command this thread sent. An interrupt does not cut the wait short: the command
     * is on its way and may take effect on the server (pop an item, take a permit), so its
     * answer is awaited (at most one slice and the server limit) and returned with the
     * interrupt status set again. A blocking operation sees the interrupt between its slices
     * ({@link #throwIfInterrupted}), when its last slice had no effect, so an interrupted
     * operation has either happened or not at all (the managers' rule, issue 17).
     */
    private <R> R await(RFuture<R> f, Duration blocking, String what) {
        var cf = f.toCompletableFuture();
        long limit = serverTimeout.toMillis() * 2 + blocking.toMillis() + 500;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limit);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return cf.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (TimeoutException e) {
            cf.cancel(false);
            throw new SessionLostException(what + " got no answer from " + address + " within " + limit + " ms");
        } catch (CancellationException e) {
            throw new SessionLostException(what + " on " + address + " was cancelled (the client is shutting down)", e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Throws {@link InterruptedWaitException} (the interrupt status stays set) if this thread was
     * interrupted: what a blocking operation calls before each slice.
     */
    public static void throwIfInterrupted(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw InterruptedWaitException.of(what, new InterruptedException());
        }
    }

    private RuntimeException translate(String what, Throwable t) {
        String m = rootMessage(t);
        if (t instanceof org.redisson.client.RedisException && m != null && m.contains("MP4J_")) {
            return new ScriptError(m.substring(m.indexOf("MP4J_")));
        }
        if (t instanceof org.redisson.client.RedisException re && re.getCause() instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new InterruptedWaitException("interrupted while waiting for " + what + " on " + address,
                    (InterruptedException) re.getCause());
        }
        if (t instanceof org.redisson.client.RedisException && m != null && (m.startsWith("NOPERM") || m.startsWith("NOAUTH")
                || m.startsWith("WRONGPASS"))) {
            return new SessionLostException(what + " refused by " + address + ": " + m, t);
        }
        if (t instanceof org.redisson.client.RedisConnectionException || t instanceof org.redisson.client.RedisTimeoutException
                || t instanceof org.redisson.client.RedisException && m != null
                && (m.contains("Connection refused") || m.contains("onnection") || m.contains("closed"))) {
            return new SessionLostException(what + " failed: the server " + address + " is unreachable ("
                    + m + "); waited " + serverTimeout.toMillis() + " ms", t);
        }
        return new SessionLostException(what + " failed on " + address + ": " + m, t);
    }

    /** A script refused an operation: its message starts with {@code MP4J_<CODE>}. */
    public static final class ScriptError extends RuntimeException {
        public ScriptError(String message) {
            super(message, null, false, false);
        }

        public boolean is(String code) {
            return getMessage().startsWith(code);
        }
    }

    static String rootMessage(Throwable e) {
        var seen = new ArrayList<Throwable>();
        Throwable t = e;
        while (t.getCause() != null && !seen.contains(t.getCause())) {
            seen.add(t);
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
