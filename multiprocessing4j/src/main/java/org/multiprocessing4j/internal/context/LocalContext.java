package org.multiprocessing4j.internal.context;

import org.multiprocessing4j.managers.SyncManager;

import java.util.Map;
import java.util.Objects;

/**
 * The {@link org.multiprocessing4j.Context} of this machine: a {@link StartMethod} (spawn, warm
 * or thread) for processes and pools, and a {@link Backend} (shared memory) for everything else.
 * Immutable and thread-safe.
 */
public final class LocalContext extends AbstractContext {

    /** One context per local start method, all over the shared-memory backend. */
    private static final Map<StartMethod, LocalContext> CONTEXTS = Map.of(
            LocalStartMethod.SPAWN, new LocalContext(LocalStartMethod.SPAWN),
            LocalStartMethod.WARM, new LocalContext(LocalStartMethod.WARM),
            LocalStartMethod.THREAD, new LocalContext(LocalStartMethod.THREAD));

    private LocalContext(StartMethod method) {
        super(method, SharedMemoryBackend.INSTANCE);
    }

    /**
     * The context of {@code method}, prepared for use (the warm start method boots its spares).
     *
     * @throws IllegalArgumentException if {@code method} is not a local start method
     */
    public static LocalContext of(StartMethod method) {
        LocalContext c = CONTEXTS.get(Objects.requireNonNull(method, "method"));
        if (c == null) {
            throw new IllegalArgumentException("not a local start method: method=" + method);
        }
        method.prepare();
        return c;
    }

    @Override
    public SyncManager manager() {
        return SyncManager.builder().startMethod(method().name()).build().start();
    }

    @Override
    public String toString() {
        return "Context[" + method().name() + "]";
    }
}
