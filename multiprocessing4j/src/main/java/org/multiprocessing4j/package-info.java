/**
 * Python's {@code multiprocessing} for Java: {@link org.multiprocessing4j.Process},
 * {@link org.multiprocessing4j.Pool}, {@link org.multiprocessing4j.Pipe}, the queues and the
 * synchronisation primitives, across real operating-system processes. This package holds the
 * API: the interfaces of the primitives, the entry points ({@link org.multiprocessing4j.Multiprocessing},
 * {@link org.multiprocessing4j.Context}, {@code Process}, {@code Pool}, {@code Pipe}) and the
 * exceptions; implementations live under {@code internal} and are chosen by the
 * {@link org.multiprocessing4j.Context} that makes an object (shared memory locally, a manager's
 * proxies, other backends). Code written against an interface takes any of them.
 *
 * <h2>Conventions every type obeys</h2>
 *
 * <p><b>Blocking calls.</b> Every blocking operation has a blocking form, a timed form taking a
 * {@link java.time.Duration} and, where Python has one, a non-blocking form ({@code acquire(false)},
 * {@code getNowait()}). A timeout is counted from the call; a negative one acts as zero; a
 * {@code null} one means no limit (Python's {@code timeout=None}); one too large for a
 * {@code long} of nanoseconds is as good as no limit. Timed forms say in their result or with
 * an exception ({@link org.multiprocessing4j.QueueEmptyException},
 * {@link org.multiprocessing4j.WaitTimeoutException}, ...) that the time ran out, and then
 * changed nothing.
 *
 * <p><b>Interrupts.</b> A thread interrupted while it waits (or interrupted on entry) gets the
 * unchecked {@link org.multiprocessing4j.InterruptedWaitException}, whose cause is the
 * {@link java.lang.InterruptedException}, with its interrupt status set again, so the interrupt is
 * never lost; the operation did not happen. The {@code java.util.concurrent} forms that declare
 * {@code InterruptedException} ({@code lockInterruptibly}, {@code tryLock(long, TimeUnit)},
 * {@code Condition.await()}) throw it instead, with the status cleared, as those interfaces
 * specify. A condition's {@code await} holds the lock again when it throws. An operation that
 * completes as the interrupt arrives returns normally instead, with the interrupt status still set
 * ({@code CyclicBarrier}'s rule: a barrier pass that has happened is never undone, and the next
 * one is not broken); so an interrupted call has had its whole effect or none, never a part,
 * and nothing (an item, a permit, a lock) is lost. A manager's proxy forwards the interrupt to
 * the server thread running its call and reports what happened there (see
 * {@link org.multiprocessing4j.managers}).
 *
 * <p><b>Errors.</b> Every exception is unchecked and extends
 * {@link org.multiprocessing4j.MultiprocessingException}, except the JDK's own for misuse
 * ({@code IllegalArgumentException} naming the argument and its value,
 * {@code IllegalStateException} naming the state, {@code IllegalMonitorStateException},
 * {@code IndexOutOfBoundsException}) and the checked ones a {@code java.util.concurrent}
 * interface dictates. A call refused for its arguments or state changes nothing.
 *
 * <p><b>Memory consistency across processes.</b> Each primitive states its effects in the terms
 * of the Java memory model, extended to processes: actions in one process before a release,
 * {@code set()}, {@code put} or {@code send} happen-before actions in another process after the
 * matching acquire, {@code await}, {@code get} or {@code recv}. Plain Java objects are never shared
 * between processes: what crosses is a copy (see below) or a shared object.
 *
 * <p><b>Passing objects to another process.</b> A child receives its target (a
 * {@link org.multiprocessing4j.SerializableRunnable} and what the lambda captures) or its
 * {@code Process} subclass instance serialised. Shared objects (locks, queues, values, pipe ends,
 * manager proxies ...) travel as references and reach the same object in the child; anything else
 * arrives as a copy. A task of a pool, an item of a queue and a message of a pipe are copies too.
 * Under the {@code "thread"} start method nothing is copied. Every shared object is thread-safe
 * and process-safe.
 *
 * <p><b>Resources.</b> Resources are {@link java.lang.AutoCloseable}; {@code close()} is idempotent and
 * thread-safe; named resources separate {@code close()} (detach) from {@code unlink()} (destroy).
 */
package org.multiprocessing4j;
