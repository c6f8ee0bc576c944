package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.redis.RedisOptions;
import org.multiprocessing4j.redis.SessionLostException;

import org.redisson.api.RScript;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One party of a session (a context or an agent): its link to the server, its lease, and the
 * session's epoch. Builds every key name ({@link #key(String)}: {@code mp4j:<session>:...}).
 *
 * <p>Lifecycle: {@code OPEN → LOST | CLOSED}. LOST is final and carries the reason: the server
 * did not answer within the server timeout, or it answered without the session's epoch (it was
 * restarted empty), or this party's lease had expired (it was declared dead: a partition or a
 * stop longer than the lease). {@link #check()} throws {@link SessionLostException} with that
 * reason, and every operation calls it. Thread-safe.
 */
public final class Session implements AutoCloseable {

    /*
     * Implementation overview. Keys of the session (all under mp4j:<session>:):
     *   epoch              a random value the first party writes; a party remembers it, and a
     *                      server that no longer has it lost the session (restart without
     *                      persistence): detected at the next renewal, never taken for an empty queue
     *   parties            hash party id -> "kind host pid": who takes part
     *   lease:<party>      "alive", PX leaseTtl, renewed every ttl/3 with SET XX PX (XX: a party
     *                      declared dead cannot silently come back)
     *   inflight:<party>   an agent's chunks in progress (see AgentRunner)
     * Every party runs the reaper (Scripts.REAP) at each renewal: for each party in `parties`
     * whose lease is gone, it requeues or fails the chunks in its in-flight list and removes it.
     * So a dead agent's work is recovered within leaseTtl + ttl/3 as long as one party lives.
     * On close a party removes its lease and its entry; the last one out deletes every key of
     * the session (SCAN + UNLINK).
     */

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private enum State { OPEN, LOST, CLOSED }

    private final RedisOptions options;
    private final RedisLink link;
    private final Codec codec;
    private final String prefix;
    private final String id;
    private final String host;
    private final String epoch;
    private final ScheduledExecutorService renewer;
    private final List<Consumer<String>> onLost = new CopyOnWriteArrayList<>();
    private volatile State state = State.OPEN;
    private volatile String lostReason;
    private volatile long lastAnswer = System.nanoTime();
    /** A guest's own lease, started by the first {@link #holderLease()}; guarded by this. */
    private ScheduledExecutorService guestRenewer;

    private Session(RedisOptions options, RedisLink link, String kind, String hostLabel) {
        this.options = options;
        this.link = link;
        this.codec = new Codec(options.authkey(), options.allowedClasses());
        this.prefix = "mp4j:" + options.session() + ":";
        this.id = kind.charAt(0) + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.host = hostLabel != null ? hostLabel : hostName();
        if (GUEST.equals(kind)) { // no lease, no entry: it neither keeps the session alive nor reaps
            byte[] got = link.call(org.redisson.client.protocol.RedisCommands.GET, key("epoch"), key("epoch"));
            if (got == null) {
                throw new SessionLostException("session '" + options.session() + "' does not exist on " + link.address()
                        + " (every program of it has left)");
            }
            this.epoch = new String(got, java.nio.charset.StandardCharsets.UTF_8);
            this.renewer = null;
            return;
        }
        String mine = UUID.randomUUID().toString();
        byte[] got = link.eval(Scripts.JOIN, RScript.ReturnType.VALUE,
                List.of(key("epoch"), key("parties"), key("lease:" + id)),
                mine, id, kind + " " + host + " " + ProcessHandle.current().pid(), options.leaseTtl().toMillis());
        this.epoch = new String(got, java.nio.charset.StandardCharsets.UTF_8);
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "mp4j-redis-lease-" + id);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, options.leaseTtl().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The kind of a party that only uses objects it was handed (a child process, a pool task):
     * it holds no lease and is not counted among the session's programs, so a short-lived
     * process killed outright leaves nothing behind and never keeps the session's keys alive.
     */
    public static final String GUEST = "guest";

    /**
     * Joins the session as a party of {@code kind} ("context", "agent" or {@link #GUEST}).
     *
     * @param hostLabel how this party's host is named in messages (null: the host name)
     */
    public static Session open(RedisOptions options, String kind, int connections, String hostLabel) {
        var link = RedisLink.connect(options, "mp4j-" + kind, connections);
        try {
            return new Session(options, link, kind, hostLabel);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** {@code mp4j:<session>:<rest>}. */
    public String key(String rest) {
        return prefix + rest;
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public String epoch() {
        return epoch;
    }

    public RedisLink link() {
        return link;
    }

    public Codec codec() {
        return codec;
    }

    public RedisOptions options() {
        return options;
    }

    /** Called once with the reason when the session is lost. */
    public void onLost(Consumer<String> listener) {
        onLost.add(listener);
    }

    /** @throws SessionLostException if the session is lost or closed, with the reason */
    public void check() {
        State s = state;
        if (s == State.LOST) {
            throw new SessionLostException(lostReason);
        }
        if (s == State.CLOSED) {
            throw new IllegalStateException("the Redis context is closed (state CLOSED)");
        }
    }

    /**
     * Checks that the server still holds this session's epoch (after a blocking pop found nothing:
     * an empty list on a restarted server must not pass for an empty queue).
     */
    public void checkEpoch() {
        check();
        byte[] e = link.call(org.redisson.client.protocol.RedisCommands.GET, key("epoch"), key("epoch"));
        if (e == null || !epoch.equals(new String(e, java.nio.charset.StandardCharsets.UTF_8))) {
            lose("the server " + link.address() + " no longer holds session '" + options.session()
                    + "' (epoch gone: restarted without persistence, or its keys were deleted); its objects and pending work are lost");
            check();
        }
    }

    /**
     * The key of a lease that lives while this JVM takes part in the session: what a Redis object
     * held on behalf of this JVM records (a copy of a pipe's sending end, an RLock's owner), so
     * that another process can tell that its holder died (the key is gone) and release it.
     * A context or an agent gives its own lease. A guest (a child process, a pool worker) has
     * none until it holds such an object: the first call here starts one ({@code lease:<id>},
     * the session's lease time, renewed every third of it with {@code SET XX}, so that it is
     * never made again once the session ended or the guest was taken for dead), removed when
     * the guest closes or expires when it is killed.
     */
    public String holderLease() {
        String lease = key("lease:" + id);
        if (renewer != null) {
            return lease;
        }
        synchronized (this) {
            check();
            if (guestRenewer == null) {
                long ttl = options.leaseTtl().toMillis();
                link.eval(Scripts.GUEST_LEASE, RScript.ReturnType.LONG, List.of(key("epoch"), lease), epoch, ttl, "new");
                guestRenewer = Executors.newSingleThreadScheduledExecutor(r -> {
                    var t = new Thread(r, "mp4j-redis-guest-lease-" + id);
                    t.setDaemon(true);
                    return t;
                });
                long every = Math.max(100, ttl / 3);
                guestRenewer.scheduleWithFixedDelay(() -> renewGuest(lease, ttl), every, every, TimeUnit.MILLISECONDS);
            }
            return lease;
        }
    }

    private void renewGuest(String lease, long ttl) {
        if (state != State.OPEN) {
            return;
        }
        try {
            Long r = link.eval(Scripts.GUEST_LEASE, RScript.ReturnType.LONG, List.of(key("epoch"), lease), epoch, ttl, "renew");
            if (r == 0) {
                lose("this process on " + host + " was declared dead by the session (its lease expired: a pause longer than "
                        + ttl + " ms); the pipe ends and RLocks it held were released");
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "renewing a guest's lease failed", e);
        }
    }

    /** Renews the lease and runs the reaper; the session is lost if either says so. */
    private void renew() {
        if (state != State.OPEN) {
            return;
        }
        try {
            Long r = link.eval(Scripts.RENEW, RScript.ReturnType.LONG,
                    List.of(key("epoch"), key("lease:" + id), key("parties")),
                    epoch, options.leaseTtl().toMillis(), id, prefix);
            lastAnswer = System.nanoTime();
            if (r == -1) {
                lose("the server " + link.address() + " no longer holds session '" + options.session()
                        + "' (epoch gone: restarted without persistence, or its keys were deleted); its objects and pending work are lost");
            } else if (r == 0) {
                lose("this " + kind() + " on " + host + " was declared dead by the session (its lease expired: a pause or "
                        + "partition longer than " + options.leaseTtl().toMillis() + " ms); its in-flight work was reaped");
            }
        } catch (SessionLostException e) {
            if (System.nanoTime() - lastAnswer > options.serverTimeout().toNanos()) {
                lose("the server " + link.address() + " did not answer for more than "
                        + options.serverTimeout().toMillis() + " ms: " + e.getMessage());
            }
        } catch (org.multiprocessing4j.InterruptedWaitException e) {
            // close() stops the renewer
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lease renewal failed", e);
        }
    }

    private String kind() {
        return id.startsWith("a") ? "agent" : "context";
    }

    /** Marks the session lost (first reason wins) and tells the listeners. */
    public void lose(String reason) {
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            lostReason = reason;
            state = State.LOST;
        }
        LOG.log(System.Logger.Level.WARNING, reason);
        for (var l : onLost) {
            try {
                l.accept(reason);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a session-lost listener threw", e);
            }
        }
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    /**
     * Leaves the session: removes the lease and the entry; the last party out deletes every key
     * of the session. Idempotent.
     */
    @Override
    public void close() {
        State was;
        synchronized (this) {
            was = state;
            state = State.CLOSED;
        }
        if (was == State.CLOSED) {
            return;
        }
        if (renewer == null) { // a guest leaves nothing but the lease it may have started
            try {
                ScheduledExecutorService g;
                synchronized (this) {
                    g = guestRenewer;
                }
                if (g != null) {
                    g.shutdownNow();
                    link.call(org.redisson.client.protocol.RedisCommands.DEL, key("lease:" + id), key("lease:" + id));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not remove a guest's lease", e);
            } finally {
                link.close();
            }
            return;
        }
        renewer.shutdownNow();
        try {
            { // also when lost: leave what can be left, and clean up if no one else lives
                Long others = link.eval(Scripts.LEAVE, RScript.ReturnType.LONG,
                        List.of(key("parties"), key("lease:" + id), key("inflight:" + id)), id, prefix);
                if (others == 0) {
                    link.unlinkAll(prefix);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not leave the session cleanly", e);
        } finally {
            link.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** For tests: the session's reaper, run now. */
    public void reapNow() {
        renew();
    }

    /** The duration a blocked wait may last before re-checking the session. */
    public static Duration slice(Duration remaining) {
        return remaining.compareTo(RedisLink.MAX_SLICE) < 0 ? remaining : RedisLink.MAX_SLICE;
    }
}
