/**
 * Multiplexed waiting for {@code Multiprocessing.wait}: every waitable kind (process sentinels,
 * socket connections, later shared-memory rings and queues) offers a
 * {@link org.multiprocessing4j.internal.ready.Readiness}, a non-blocking check plus a way to
 * wake a {@link org.multiprocessing4j.internal.ready.WaitSet}. Sockets register their channels
 * with the set's selector; anything else calls {@code wakeup()} from its own thread (a future's
 * completion, a futex waiter). The waiter re-checks every object after each wake-up, so
 * spurious wake-ups are harmless and kinds mix freely in one call.
 */
package org.multiprocessing4j.internal.ready;
