package org.multiprocessing4j.internal.pool;

import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.BrokenPoolException;
import org.multiprocessing4j.ResultIterator;
import org.multiprocessing4j.futures.BrokenProcessPoolException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Consumer;

/** The operations of {@code Pool} in terms of the engine, so the public class stays thin. */
public final class PoolOps {

    private PoolOps() {}

    /** CPython's default chunk size for map: about four chunks per worker. */
    public static int defaultChunksize(int items, int processes) {
        if (items == 0) {
            return 1;
        }
        int size = items / (processes * 4);
        return items % (processes * 4) != 0 ? size + 1 : size;
    }

    public static <R> AsyncResult<R> apply(ChunkEngine engine, Object callable,
                                           Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        var result = new AsyncResultImpl<R>(callback, errorCallback);
        boolean noUserCode = callback == null && errorCallback == null;
        engine.submit(Chunk.Kind.CALL, callable, null, 0, new ChunkEngine.Sink() {
            @Override
            public void completed(Object[] values, Throwable[] failures) {
                if (failures != null && failures[0] != null) {
                    result.fail(failures[0]);
                } else {
                    @SuppressWarnings("unchecked")
                    R value = (R) values[0];
                    result.succeed(value);
                }
            }

            @Override
            public boolean runsNoUserCode() {
                return noUserCode;
            }
        }, false);
        return result;
    }

    /**
     * Submits {@code items} (already materialised) in chunks; {@code starmap} items are
     * {@code Object[2]} pairs.
     */
    public static <R> AsyncResult<List<R>> map(ChunkEngine engine, boolean star, Object fn, List<?> items, int chunksize,
                                               Consumer<? super List<R>> callback, Consumer<? super Throwable> errorCallback) {
        var result = new AsyncResultImpl<List<R>>(callback, errorCallback);
        var collector = new MapCollector<R>(result, items.size(), chunksize,
                ProgressTracker.of(engine.progress(), star ? "starmap" : "map", items.size()));
        var kind = star ? Chunk.Kind.STARMAP : Chunk.Kind.MAP;
        for (int offset = 0; offset < items.size(); offset += chunksize) {
            var chunk = items.subList(offset, Math.min(items.size(), offset + chunksize)).toArray();
            engine.submit(kind, fn, chunk, offset, collector.chunkAt(offset), false);
        }
        return result;
    }

    /**
     * Submits one callable for an executor: the future completes with its value, or with the
     * task's own exception (as {@code Future.get}'s cause), or with what the pool reported, a
     * broken pool (a failing initializer) as the executor's own
     * {@link BrokenProcessPoolException} with the pool's error as its cause.
     *
     * @throws BrokenProcessPoolException if the pool broke by itself before (CPython's submit
     *         on a broken executor)
     * @throws IllegalStateException if the pool was shut down
     */
    public static <R> PoolFuture<R> submit(ChunkEngine engine, Object callable) {
        var future = new PoolFuture<R>(engine);
        long id;
        try {
            id = engine.submit(Chunk.Kind.CALL, callable, null, 0, (values, failures) -> {
                if (failures != null && failures[0] != null) {
                    Throwable failure = AsyncResultImpl.remoteCause(failures[0]);
                    if (failure != failures[0]) {
                        future.failedAs(failures[0].getMessage()); // "task 2 failed in ...", for get()
                    }
                    future.completeExceptionally(failure instanceof BrokenPoolException b && !(b instanceof BrokenProcessPoolException)
                            ? new BrokenProcessPoolException("the executor is broken: " + b.getMessage(), b) : failure);
                } else {
                    @SuppressWarnings("unchecked")
                    R value = (R) values[0];
                    future.complete(value);
                }
            }, false);
        } catch (IllegalStateException e) {
            if (engine.isBroken()) {
                throw new BrokenProcessPoolException("the executor is broken and takes no more tasks: " + e.getMessage(), e);
            }
            throw e;
        }
        future.bind(id);
        return future;
    }

    public static <T, R> ResultIterator<R> imap(ChunkEngine engine, Object fn, Iterator<T> items, int chunksize, boolean ordered) {
        var progress = ProgressTracker.of(engine.progress(), ordered ? "imap" : "imapUnordered", -1);
        return ImapIterator.start(engine, fn, items, chunksize, ordered, progress);
    }

    /**
     * The input of {@link #map}: a random-access list as it is, any other iterable materialised
     * ({@link #toList}). No snapshot is needed for a list, since {@code map} copies its items
     * into the chunks before it returns; the copy it spares was a quarter of what a map of
     * 200 000 small items allocated in the caller's heap (2.7 of 10.5 MB, JFR's allocation
     * samples), in the heap of the user's JVM, whose collections then pause the map.
     */
    public static <T> List<T> forMap(Iterable<T> items) {
        return items instanceof List<T> list && list instanceof RandomAccess ? list : toList(items);
    }

    /** Materialises an iterable, as CPython's map does with its input: a snapshot. */
    public static <T> List<T> toList(Iterable<T> items) {
        if (items instanceof java.util.Collection<T> c) {
            return new ArrayList<>(c); // one copy of the right size instead of growing
        }
        var list = new ArrayList<T>();
        items.forEach(list::add);
        return list;
    }
}
