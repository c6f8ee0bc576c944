/**
 * Managers (Python's {@code multiprocessing.managers}): servers holding objects that other
 * processes, also on other machines, use through proxies. {@link org.multiprocessing4j.managers.Manager#start()}
 * gives a {@link org.multiprocessing4j.managers.SyncManager} with maps, lists, queues and
 * synchronisation objects; {@link org.multiprocessing4j.managers.BaseManager} serves types of
 * your own.
 */
package org.multiprocessing4j.managers;
