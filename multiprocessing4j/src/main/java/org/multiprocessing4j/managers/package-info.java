/**
 * Managers (Python's {@code multiprocessing.managers}): servers holding objects that other
 * processes, also on other machines, use through proxies. {@link org.multiprocessing4j.managers.Manager#start()}
 * gives a {@link org.multiprocessing4j.managers.SyncManager} with maps, lists, queues and
 * synchronisation objects; {@link org.multiprocessing4j.managers.BaseManager} serves types of
 * your own.
 *
 * <p><b>Interrupts.</b> A proxy's call runs on a server thread of its own (one per client
 * thread, which is also whose an {@code RLock} is). When the calling thread is interrupted
 * while its call is on the server, the proxy forwards the interrupt to that server thread, on a
 * connection of its own, and goes on waiting for the reply, which says what happened there: the
 * server's wait was interrupted and had no effect (the call throws
 * {@link org.multiprocessing4j.InterruptedWaitException}, or {@code InterruptedException} from
 * the {@code java.util.concurrent} forms, as it would locally), or the call had completed
 * (it returns its result: the item, the lock, the permit, the barrier's index, with the interrupt
 * status set again). So an interrupted {@code get} never swallows an item, an interrupted
 * {@code lockInterruptibly} leaves no lock held, an interrupted {@code acquire} does not take the
 * next {@code release()}, and a barrier follows {@code CyclicBarrier}'s rule. The thread's
 * connection stays open, so the locks it holds on the server stay its own. A call made with the
 * interrupt status already set is forwarded the same way: a wait on the server throws at once,
 * as it would locally, and a call that does not wait ({@code release()}, {@code unlock()} in a
 * {@code finally} after an interrupted wait, a dict's {@code get}) is made; the status stays
 * set. A method of a registered type of your own sees the interrupt as its thread's
 * {@link Thread#interrupt()}.
 */
package org.multiprocessing4j.managers;
