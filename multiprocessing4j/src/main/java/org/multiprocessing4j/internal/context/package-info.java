/**
 * The context as a strategy, and the seams a backend implements (DESIGN.md §1).
 *
 * <p>A {@link org.multiprocessing4j.Context} is two objects: a {@link
 * org.multiprocessing4j.internal.context.StartMethod}, which runs work, and a {@link
 * org.multiprocessing4j.internal.context.Backend}, which makes the objects work shares. The
 * public classes ask them and nothing else:
 * <ul>
 *   <li>{@code Process.start()} hands the process, as a {@link
 *       org.multiprocessing4j.internal.context.ProcessLaunch}, to the start method its context
 *       bound it to (or the default one), which returns the {@code Popen} the process observes
 *       and stops it through;</li>
 *   <li>a {@code Pool} is a thin public class over the {@link
 *       org.multiprocessing4j.internal.context.WorkerPool} its start method made from the
 *       builder's {@link org.multiprocessing4j.internal.context.PoolSpec}; a
 *       {@code ProcessPoolExecutor} is built on the same engine;</li>
 *   <li>the primitives, queues and pipes of a context come from its backend.</li>
 * </ul>
 * Start methods are objects compared by identity; names ({@code "spawn"}, ...) are resolved once,
 * by {@link org.multiprocessing4j.internal.context.LocalStartMethod#named}, where users give
 * them ({@code getContext}, the builders' {@code startMethod(String)}).
 *
 * <h2>What a backend implements</h2>
 * A second backend (the module {@code org.multiprocessing4j.redis}, to which this package is
 * exported) provides:
 * <ol>
 *   <li>a {@code Context} implementation, whose {@code processBuilder()} and
 *       {@code poolBuilder()} come from {@link org.multiprocessing4j.internal.context.Access}
 *       bound to its own start method, so that its {@code Process}es and {@code Pool}s are the
 *       public classes running its way;</li>
 *   <li>a {@code StartMethod}: {@code start} launches a process from its payload and returns a
 *       {@code Popen} (package {@code internal.spawn}, also exported to that module) that
 *       reports its exit code and can terminate it; {@code pool} returns a {@code WorkerPool}
 *       with the pool's semantics (serialise in the caller, fail only the task of a lost
 *       worker, callbacks in order in this process);</li>
 *   <li>a {@code Backend} making each primitive with the semantics its public type
 *       documents.</li>
 * </ol>
 * The local implementations are {@link org.multiprocessing4j.internal.context.LocalContext},
 * {@link org.multiprocessing4j.internal.context.LocalStartMethod} (spawn, warm, thread),
 * {@link org.multiprocessing4j.internal.context.LocalWorkerPool} (the engine of
 * {@code internal.pool}) and {@code SharedMemoryBackend} (the objects of {@code internal.local}).
 *
 * <h2>Access to public classes</h2>
 * Where internal code needs what a public class keeps private, it goes through {@link
 * org.multiprocessing4j.internal.context.Access} (the JDK's {@code SharedSecrets} pattern):
 * each public class registers a typed access object ({@code ProcessAccess}, {@code PoolAccess})
 * in its static initialiser, and the getter initialises the class first. There are no other
 * hooks from {@code internal} into the public classes of processes and pools: the process
 * model ({@code internal.process}) makes its stand-in processes with
 * {@link org.multiprocessing4j.internal.context.StandIn} behaviours through it.
 */
package org.multiprocessing4j.internal.context;
