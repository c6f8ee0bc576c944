/**
 * The process model under {@code Process}: who "the current process" is in this JVM and on each
 * thread ({@link org.multiprocessing4j.internal.process.ProcessRegistry}), the objects that stand
 * for processes this JVM did not start (the main process, the parent), the child side of a
 * process ({@link org.multiprocessing4j.internal.process.ProcessRunner}, with
 * {@link org.multiprocessing4j.internal.process.ChildEntry} as a child JVM's main class), and
 * the AOT cache's training run.
 *
 * <p>It sits between the public {@code Process} (reached through
 * {@code internal.context.Access}) and the runtime of {@code internal.spawn}, which knows it only
 * as a {@code ChildRunner}: the runtime never depends on this package, this package installs
 * the runner in every JVM that starts children or is one.
 */
package org.multiprocessing4j.internal.process;
