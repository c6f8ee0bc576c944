package org.multiprocessing4j.internal.wire;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time limit of a handshake: unless {@link #finish()} is called first, the channel is closed
 * when the limit expires, which ends a read that a silent or slow peer keeps blocked. One CAS
 * decides between the two, so a handshake that finishes right at the limit is either kept or
 * refused, never closed under its caller.
 *
 * <p>The close runs on one daemon timer thread of its own. (It used to be handed to the common
 * fork-join pool, which on a 2-CPU machine has a single thread: any task blocking there delayed
 * the close indefinitely, and a silent peer was never dropped.) Thread-safe.
 */
public final class HandshakeDeadline {

    /** How long an unauthenticated peer may take over its handshake (Listener, control socket, manager). */
    public static final Duration LIMIT = Duration.ofSeconds(20);

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("mp4j-handshake-deadline").unstarted(r));

    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int TIMED_OUT = 2;

    private final AtomicInteger outcome = new AtomicInteger(RUNNING);
    private final ScheduledFuture<?> expiry;

    private HandshakeDeadline(Channel channel, Duration limit) {
        long nanos = Math.max(1, limit.toNanos());
        this.expiry = TIMER.schedule(() -> {
            if (outcome.compareAndSet(RUNNING, TIMED_OUT)) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    /** Closes {@code channel} after {@code limit} unless {@link #finish()} comes first. */
    public static HandshakeDeadline arm(Channel channel, Duration limit) {
        return new HandshakeDeadline(channel, limit);
    }

    /** Ends the race: true if the handshake finished in time (the channel stays open). */
    public boolean finish() {
        boolean inTime = outcome.compareAndSet(RUNNING, FINISHED);
        if (inTime) {
            expiry.cancel(false);
        }
        return inTime;
    }

    /** Whether the limit expired first (the channel was closed). */
    public boolean timedOut() {
        return outcome.get() == TIMED_OUT;
    }
}
