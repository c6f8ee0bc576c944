package org.multiprocessing4j.internal.local;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.internal.shm.Segment;
import org.multiprocessing4j.internal.sync.Blocking;

import java.io.Serial;

/**
 * The shared-memory {@link JoinableQueue}: a {@link SharedQueue} whose segment also holds the
 * count of unfinished tasks. A put counts its item before the item can be seen (before it goes
 * to the feeder thread, as CPython does), and uncounts it if the put fails; {@code taskDone}
 * decrements with a CAS that refuses to go below zero; {@code join} sleeps on the count's futex
 * word until it is zero. If a process dies with items still in its feeder thread, or
 * {@code cancelJoinThread()} drops some at exit, they stay counted and {@code join} waits for
 * them for ever (CPython behaves alike).
 */
public final class SharedJoinableQueue<E> extends SharedQueue<E> implements JoinableQueue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    SharedJoinableQueue(Segment segment) {
        super(segment);
    }

    public static <E> SharedJoinableQueue<E> create(int maxsize) {
        return new SharedJoinableQueue<>(newQueueSegment(JOINABLE_QUEUE, maxsize));
    }

    @Override
    void beforePut() {
        ring.addTask();
    }

    @Override
    void afterFailedPut() {
        ring.removeTask();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if every item put has already been reported done
     */
    @Override
    public void taskDone() {
        if (!ring.removeTask()) {
            throw new IllegalStateException("taskDone() called more times than items were put (no unfinished task)");
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws InterruptedWaitException if interrupted while waiting
     */
    @Override
    public void join() {
        try {
            ring.awaitNoTasks(Blocking.FOREVER);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("joining a JoinableQueue", e);
        }
    }

    /** Tasks put and not yet reported done (a snapshot). */
    public int unfinishedTasks() {
        return ring.unfinishedTasks();
    }
}
