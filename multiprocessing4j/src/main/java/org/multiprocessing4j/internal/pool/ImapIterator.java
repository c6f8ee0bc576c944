package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.ResultIterator;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.WaitTimeoutException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lazy side of {@code imap}/{@code imapUnordered}: a feeder thread reads the input as the
 * pool needs it, and the iterator hands results out in input order or in completion order.
 * Back-pressure follows the consumer: at most {@link #windowChunks} chunks of items are read
 * and not yet consumed, so a slow consumer stops the feeder instead of filling memory, while
 * the workers always have work queued ahead.
 */
final class ImapIterator<T, R> implements ResultIterator<R> {

    /** One position's outcome. */
    private record Outcome(Object value, Throwable failure) {}

    private final boolean ordered;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Integer, Outcome> byIndex = new HashMap<>();
    private final ArrayDeque<Outcome> arrivals = new ArrayDeque<>();
    private int consumed;
    private int total = -1;               // known once the input is exhausted
    private Throwable inputFailure; // thrown at position total, when set
    private final Semaphore window;       // items read from the input and not yet consumed
    private final ProgressTracker progress;

    private ImapIterator(boolean ordered, int windowItems, ProgressTracker progress) {
        this.ordered = ordered;
        this.progress = progress;
        this.window = new Semaphore(windowItems);
    }

    /** How many chunks may be read ahead of the consumer: {@code max(16, 4 × processes)}. */
    static int windowChunks(int processes) {
        return Math.max(16, 4 * processes);
    }

    /** Starts the feeder for {@code fn} over {@code items} and returns the iterator. */
    static <T, R> ImapIterator<T, R> start(ChunkEngine engine, Object fn, Iterator<T> items, int chunksize, boolean ordered,
                                           ProgressTracker progress) {
        var it = new ImapIterator<T, R>(ordered, windowChunks(engine.processes()) * chunksize, progress);
        engine.beginFeeder();
        Thread.ofPlatform().daemon().name("mp4j-pool-feeder").start(() -> it.feed(engine, fn, items, chunksize));
        return it;
    }

    private void feed(ChunkEngine engine, Object fn, Iterator<T> items, int chunksize) {
        int index = 0;
        try {
            while (true) {
                List<Object> chunk = new ArrayList<>(chunksize);
                try {
                    while (chunk.size() < chunksize && items.hasNext()) {
                        window.acquireUninterruptibly();
                        chunk.add(items.next());
                    }
                } catch (Throwable e) { // an Error too: the consumer must not wait for results that never come
                    if (!chunk.isEmpty()) {
                        submit(engine, fn, chunk, index);
                        index += chunk.size();
                    }
                    finish(index, e);
                    return;
                }
                if (chunk.isEmpty()) {
                    finish(index, null);
                    return;
                }
                submit(engine, fn, chunk, index);
                index += chunk.size();
            }
        } catch (IllegalStateException e) { // the pool was terminated under us
            finish(index, new BrokenPoolException("the pool stopped before the input was consumed: " + e.getMessage()));
        } finally {
            engine.endFeeder();
        }
    }

    private void submit(ChunkEngine engine, Object fn, List<Object> chunk, int offset) {
        ChunkEngine.Sink sink = (values, failures) -> {
            if (progress != null) { // before the results can be consumed
                progress.advance(values.length);
            }
            for (int i = 0; i < values.length; i++) {
                put(offset + i, new Outcome(values[i], failures == null ? null : failures[i]));
            }
        };
        try {
            engine.submit(Chunk.Kind.MAP, fn, chunk.toArray(), offset, sink, true);
        } catch (SerializationException e) {
            for (int i = 0; i < chunk.size(); i++) {
                put(offset + i, new Outcome(null, e));
            }
        }
    }

    private void put(int index, Outcome outcome) {
        lock.lock();
        try {
            if (ordered) {
                byIndex.put(index, outcome);
            } else {
                arrivals.add(outcome);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finish(int count, Throwable failure) {
        if (progress != null) {
            progress.total(count);
        }
        lock.lock();
        try {
            total = count;
            inputFailure = failure;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (true) {
                if (available() || (total >= 0 && consumed == total && inputFailure != null)) {
                    return true;
                }
                if (total >= 0 && consumed >= total) {
                    return false;
                }
                changed.await();
            }
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for the next imap result", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public R next() {
        return next(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next(Duration timeout) {
        long deadline = timeout == null ? 0 : System.nanoTime() + Math.max(0, timeout.toNanos());
        lock.lock();
        try {
            while (!available()) {
                if (total >= 0 && consumed >= total) {
                    if (inputFailure != null && consumed == total) {
                        consumed++; // the input failure is thrown once, then the iteration ends
                        if (inputFailure instanceof Error e) {
                            throw e;
                        }
                        throw AsyncResultImpl.unchecked(inputFailure); // a checked one was thrown sneakily
                    }
                    throw new NoSuchElementException("no more results");
                }
                if (timeout == null) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new WaitTimeoutException("the next result is not ready after " + timeout);
                    }
                    changed.awaitNanos(left);
                }
            }
            Outcome o = ordered ? byIndex.remove(consumed) : arrivals.poll();
            consumed++;
            window.release();
            if (o.failure() != null) {
                throw AsyncResultImpl.rethrown(o.failure());
            }
            return (R) o.value();
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for the next imap result", e);
        } finally {
            lock.unlock();
        }
    }

    private boolean available() {
        return ordered ? byIndex.containsKey(consumed) : !arrivals.isEmpty();
    }
}
