package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.internal.context.LocalStartMethod;
import org.multiprocessing4j.internal.context.ProcessLaunch;
import org.multiprocessing4j.internal.spawn.Popen;
import org.multiprocessing4j.internal.wire.Serializers;

import org.redisson.api.RScript;
import org.redisson.client.protocol.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code Process} of a Redis context as the driver sees it: the process, sealed, is queued
 * like a pool chunk (held in the taking agent's in-flight list, fenced acknowledgement, reaped
 * when the agent dies), and the agent runs it as a local child JVM of its own, the way the spawn
 * start method does. {@link #pid()} is that JVM's pid on the agent's host (0 until an agent has
 * started it); {@link #terminate()} and {@link #kill()} are real signals sent by the agent (a
 * process no agent has taken yet is withdrawn and ends with -15 or -9). A process whose agent dies
 * or loses its lease ends with exit code -9, and one whose session is lost too, with a warning
 * saying why. Thread-safe.
 */
public final class RedisPopen implements Popen {

    /*
     * Implementation overview. start: SUBMIT the sealed ProcessSpec as chunk <id> with pool
     * "!process" and driver <id>. One thread here pops results:<id>: 'S' <host pid> when the agent
     * has launched the child, then 'R' with the sealed exit code (the fenced ACK), or 'L' from
     * the reaper. Signals go through proc:<id>:signal, which the agent watches while the child
     * runs. close() deletes both lists.
     */

    private static final System.Logger LOG = System.getLogger(RedisPopen.class.getName());

    private final Session session;
    private final String id;
    /** Its task element, which a terminate before an agent took it withdraws (CANCEL). */
    private volatile byte[] task;
    private final String results;
    private final String signals;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile long pid;

    private RedisPopen(Session session) {
        this.session = session;
        this.id = "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.results = session.key("results:" + id);
        this.signals = session.key("proc:" + id + ":signal");
    }

    /**
     * Queues {@code process} for an agent and starts watching it.
     *
     * @throws org.multiprocessing4j.SerializationException if the process cannot be serialised (nothing was queued)
     */
    public static RedisPopen launch(Session session, ProcessLaunch process) {
        var p = new RedisPopen(session);
        var spec = new Envelopes.ProcessSpec(p.id, Fingerprint.own(), process.name(), process.daemon(), process.authkey(),
                List.copyOf(process.jvmArgs()), process.env(), process.payload(), Serializers.name(), process.parentName(),
                // the child's default start method: a local one (a process started from it runs on its agent's host)
                LocalStartMethod.NAMES.contains(process.inheritedStartMethod()) ? process.inheritedStartMethod() : "spawn");
        p.task = Envelopes.TaskElement.of(p.id, Envelopes.PROCESS_POOL, session.codec().seal(Envelopes.PROCESS, spec)).bytes();
        session.check();
        session.link().eval(Scripts.SUBMIT, RScript.ReturnType.LONG,
                List.of(session.key("epoch"), session.key("chunk:" + p.id), session.key("tasks")),
                session.epoch(), p.task, p.id, Envelopes.PROCESS_POOL, 0);
        Thread.ofPlatform().daemon().name("mp4j-redis-process-" + p.id).start(p::watch);
        return p;
    }

    private void watch() {
        while (!exit.isDone()) {
            byte[] item;
            try {
                if (!session.isOpen()) {
                    end(-9, "the Redis session of process " + id + " was closed or lost; its outcome is unknown");
                    return;
                }
                item = session.link().blpop(results, RedisLink.MAX_SLICE);
            } catch (RuntimeException e) {
                if (session.isOpen()) {
                    LOG.log(System.Logger.Level.DEBUG, "watching process " + id + " failed; retrying", e);
                }
                continue;
            }
            if (item != null) {
                handle(item);
            }
        }
    }

    private void handle(byte[] item) {
        int nl = 0;
        while (item[nl] != '\n') {
            nl++;
        }
        String rest = new String(item, nl + 1, item.length - nl - 1, StandardCharsets.ISO_8859_1);
        switch (item[0]) {
            case 'S' -> pid = Long.parseLong(rest.substring(rest.lastIndexOf(' ') + 1));
            case 'L' -> end(-9, "the agent running process " + id + " (" + rest + ") died or lost its lease");
            default -> {
                try {
                    var outcome = Envelopes.Outcome.decode(session.codec().openEncoded(Envelopes.RESULT,
                            Arrays.copyOfRange(item, nl + 1, item.length)));
                    if (outcome.whole() != null) {
                        end(1, "process " + id + " could not be started: " + outcome.whole().getMessage());
                    } else {
                        exit.complete((Integer) outcome.values()[0]);
                    }
                } catch (RuntimeException e) {
                    end(1, "the outcome of process " + id + " could not be read: " + e.getMessage());
                }
            }
        }
    }

    private void end(int code, String why) {
        if (exit.complete(code)) {
            LOG.log(System.Logger.Level.WARNING, why);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    @Override
    public void terminate() {
        signal('T', -15);
    }

    @Override
    public void kill() {
        signal('K', -9);
    }

    /** Withdraws the process while no agent has it; otherwise asks its agent to signal it. */
    private void signal(char what, int code) {
        if (exit.isDone()) {
            return;
        }
        Long withdrawn = session.link().eval(Scripts.CANCEL, RScript.ReturnType.LONG,
                List.of(session.key("tasks"), session.key("chunk:" + id)), task);
        if (withdrawn == 1) {
            exit.complete(code);
            return;
        }
        session.link().call(RedisCommands.RPUSH, signals, signals, String.valueOf(what));
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.link().call(RedisCommands.DEL, results, results, signals);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not remove the keys of process " + id, e);
        }
    }
}
