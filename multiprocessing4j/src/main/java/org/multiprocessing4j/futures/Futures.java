package org.multiprocessing4j.futures;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.WaitTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waiting on several futures at once (Python's {@code concurrent.futures.as_completed} and
 * {@code wait}). Works with any {@link Future}: a {@link CompletionStage} is watched with a
 * callback, any other future by a virtual thread blocked in its {@code get}.
 */
public final class Futures {

    private Futures() {}

    /** {@link #asCompleted(Collection, Duration)} without a timeout: {@code next()} waits as long as it takes. */
    public static <F extends Future<?>> Iterator<F> asCompleted(Collection<? extends F> futures) {
        return asCompleted(futures, null);
    }

    /**
     * An iterator that yields each distinct future of {@code futures} once, as it completes
     * (those already done first). {@code next()} throws {@link WaitTimeoutException} once
     * {@code timeout} (counted from this call; null: none) has passed.
     */
    public static <F extends Future<?>> Iterator<F> asCompleted(Collection<? extends F> futures, Duration timeout) {
        var distinct = new LinkedHashSet<F>(Objects.requireNonNull(futures, "futures"));
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        var completed = new LinkedBlockingQueue<F>();
        for (F f : distinct) {
            onDone(f, completed::add);
        }
        return new Iterator<>() {
            private int yielded;

            @Override
            public boolean hasNext() {
                return yielded < distinct.size();
            }

            @Override
            public F next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("every future has been yielded");
                }
                try {
                    F f = timeout == null ? completed.take()
                            : completed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (f == null) {
                        throw new WaitTimeoutException((distinct.size() - yielded) + " of " + distinct.size()
                                + " futures unfinished after " + timeout);
                    }
                    yielded++;
                    return f;
                } catch (InterruptedException e) {
                    throw InterruptedWaitException.of("waiting for futures to complete", e);
                }
            }
        };
    }

    /**
     * Waits until {@code returnWhen} is met or {@code timeout} (null: none) passes, and says
     * which futures are done.
     */
    public static <F extends Future<?>> DoneAndNotDone<F> wait(Collection<? extends F> futures, Duration timeout,
                                                               ReturnWhen returnWhen) {
        Objects.requireNonNull(returnWhen, "returnWhen");
        var all = new LinkedHashSet<F>(Objects.requireNonNull(futures, "futures"));
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, timeout.toNanos());
        var completed = new LinkedBlockingQueue<F>();
        all.forEach(f -> onDone(f, completed::add));
        Set<F> done = new LinkedHashSet<>();
        try {
            while (!satisfied(done, all.size(), returnWhen)) {
                F f = timeout == null ? completed.take() : completed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    break;
                }
                done.add(f);
            }
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("waiting for futures", e);
        }
        for (F f : all) { // completions that arrived meanwhile count too
            if (f.isDone()) {
                done.add(f);
            }
        }
        var notDone = new ArrayList<F>(all);
        notDone.removeAll(done);
        return new DoneAndNotDone<>(done, new LinkedHashSet<>(notDone));
    }

    private static boolean satisfied(Set<? extends Future<?>> done, int total, ReturnWhen when) {
        return switch (when) {
            case ALL_COMPLETED -> done.size() == total;
            case FIRST_COMPLETED -> !done.isEmpty() || total == 0;
            case FIRST_EXCEPTION -> done.size() == total || done.stream().anyMatch(Futures::failed);
        };
    }

    private static boolean failed(Future<?> f) {
        return f.isDone() && f.state() == Future.State.FAILED;
    }

    private static <F extends Future<?>> void onDone(F f, Consumer<F> action) {
        if (f.isDone()) {
            action.accept(f);
        } else if (f instanceof CompletionStage<?> stage) {
            stage.whenComplete((v, e) -> action.accept(f));
        } else {
            Thread.ofVirtual().name("mp4j-future-watch").start(() -> {
                try {
                    f.get();
                } catch (Exception e) {
                    // done either way
                }
                action.accept(f);
            });
        }
    }
}
