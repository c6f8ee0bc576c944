package org.multiprocessing4j.managers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.BrokenBarrierException;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.DoubleValue;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.IntArray;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.QueueEmptyException;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SyncManager}: one manager JVM shared by the tests, children updating its objects. */
@ExtendWith(NoLeftoverProcesses.class)
class SyncManagerTest {

    static final Duration LIMIT = Children.LIMIT;
    SyncManager manager;

    @BeforeEach
    void startManager() {
        manager = Manager.start();
    }

    @AfterEach
    void stopManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void aChildUpdatesValueArrayListDictAndNamespace() {
        DoubleValue value = manager.value(0.0);
        IntArray array = manager.array(0, 1, 2, 3, 4);
        List<Object> list = manager.list();
        ConcurrentMap<Object, Object> dict = manager.dict();
        Namespace ns = manager.namespace();
        Children.run(() -> {
            value.set(3.1415927);
            for (int i = 0; i < array.length(); i++) {
                array.set(i, -array.get(i));
            }
            list.add("child");
            list.addAll(List.of(1, 2));
            dict.put(1, "1");
            dict.put("2", 2);
            dict.put(0.25, null);
            ns.set("x", 10);
            ns.set("name", "child");
        });
        assertEquals(3.1415927, value.get());
        assertArrayEquals(new int[] {0, -1, -2, -3, -4}, array.toArray());
        assertEquals(List.of("child", 1, 2), new ArrayList<>(list));
        assertEquals("[child, 1, 2]", list.toString());
        assertEquals(Map.of(1, "1", "2", 2), Map.of(1, dict.get(1), "2", dict.get("2")));
        assertTrue(dict.containsKey(0.25));
        assertEquals(3, dict.size());
        assertEquals(10, ns.get("x"));
        assertEquals("Namespace(x=10, name=child)", ns.toString());
        assertThrows(NoSuchElementException.class, () -> ns.get("missing"));
    }

    @Test
    void mapAndListBehaveAsCollections() {
        ConcurrentMap<String, Integer> d = manager.dict();
        d.put("a", 1);
        assertNull(d.putIfAbsent("b", 2));
        assertEquals(2, d.putIfAbsent("b", 3));
        assertEquals(11, d.merge("a", 10, (java.util.function.BiFunction<Integer, Integer, Integer> & java.io.Serializable) Integer::sum));
        assertEquals(Map.of("a", 11, "b", 2), Map.copyOf(d));
        assertEquals(Map.of("a", 11, "b", 2), d); // equals compares contents
        var keys = new ArrayList<String>();
        d.forEach((k, v) -> keys.add(k));
        assertEquals(List.of("a", "b"), keys);
        d.keySet().clear(); // a copy: the server's map is untouched
        assertEquals(2, d.size());
        List<Integer> l = manager.list(List.of(3, 1, 2));
        l.sort(null);
        assertEquals(List.of(1, 2, 3), l.stream().toList());
        int sum = 0;
        for (int v : l) {
            sum += v;
        }
        assertEquals(6, sum);
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(7));
    }

    @Test
    void serverExceptionsKeepTheirTypeAndTheServerTrace() {
        List<Integer> l = manager.list();
        var e = assertThrows(IndexOutOfBoundsException.class, () -> l.get(3));
        var frames = java.util.Arrays.stream(e.getStackTrace()).map(StackTraceElement::getClassName).toList();
        int marker = frames.indexOf(frames.stream().filter(f -> f.startsWith("<manager at ")).findFirst().orElseThrow());
        assertTrue(frames.subList(0, marker).contains("java.util.ArrayList"), frames.toString()); // the server's part
        assertTrue(frames.subList(marker, frames.size()).contains(SyncManagerTest.class.getName()), frames.toString());
    }

    @Test
    void queuesPassItemsBetweenProcesses() {
        Queue<Object> q = manager.queue();
        JoinableQueue<Integer> jq = manager.joinableQueue();
        Children.run(() -> {
            q.put("hello");
            q.put(null);
            for (int i = 0; i < 3; i++) {
                jq.put(i);
            }
        });
        assertEquals("hello", q.get(LIMIT));
        assertNull(q.get(LIMIT));
        assertThrows(QueueEmptyException.class, q::getNowait);
        assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(20)));
        Queue<Integer> bounded = manager.queue(1);
        bounded.put(1);
        assertTrue(bounded.full());
        assertThrows(org.multiprocessing4j.QueueFullException.class, () -> bounded.putNowait(2));
        assertEquals(3, jq.qsize());
        Children.run(() -> {
            for (int i = 0; i < 3; i++) {
                jq.get();
                jq.taskDone();
            }
        });
        jq.join();
        assertThrows(IllegalStateException.class, jq::taskDone);
    }

    @Test
    void synchronisationObjects() throws Exception {
        Lock lock = manager.lock();
        lock.lock();
        assertFalse(lock.tryLock());
        lock.unlock();
        assertThrows(IllegalStateException.class, lock::unlock);
        Lock rlock = manager.rLock();
        rlock.lock();
        assertTrue(rlock.tryLock()); // reentrant
        rlock.unlock();
        rlock.unlock();
        assertThrows(IllegalMonitorStateException.class, rlock::unlock);
        BoundedSemaphore s = manager.boundedSemaphore(1);
        assertTrue(s.acquire(false));
        assertFalse(s.acquire(Duration.ofMillis(10)));
        s.release();
        assertThrows(IllegalStateException.class, s::release);
        Event event = manager.event();
        Barrier barrier = manager.barrier(2);
        Condition cond = manager.condition(manager.rLock());
        var child = new Process(() -> {
            barrier.await();
            event.set();
        });
        child.start();
        assertEquals(2, barrier.parties());
        int arrival = barrier.await(LIMIT);
        assertTrue(arrival == 0 || arrival == 1, "arrival=" + arrival);
        assertTrue(event.await(LIMIT));
        assertTrue(child.join(LIMIT));
        assertEquals(0, child.exitCode());
        child.close();
        barrier.abort();
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await);
        cond.acquire();
        assertFalse(cond.await(Duration.ofMillis(10)));
        cond.release();
        assertThrows(IllegalMonitorStateException.class, cond::release);
        // a lock held by another thread of this process is held for the server as well
        var holder = new Thread(rlock::lock);
        holder.start();
        holder.join();
        assertFalse(rlock.tryLock(10, TimeUnit.MILLISECONDS));
    }

}
