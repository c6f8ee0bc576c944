package org.multiprocessing4j.reliability;

import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.spawn.Session;
import org.multiprocessing4j.sharedmemory.SharedMemory;

/**
 * What {@link OtherUserTest} runs in a JVM of its own, often as a second local user: uses a lock,
 * a queue and a named block, then prints {@code session=<dir>} and {@code ok}. A refused session
 * root makes it fail with the library's message on stderr.
 */
public final class OtherUserScenario {

    private OtherUserScenario() {}

    public static void main(String[] args) {
        var lock = Multiprocessing.lock();
        lock.acquire();
        lock.release();
        var queue = Multiprocessing.<String>queue(4);
        queue.put("item");
        if (!"item".equals(queue.get())) {
            throw new AssertionError("the queue lost its item");
        }
        queue.close();
        try (var block = SharedMemory.create(8)) {
            block.buffer().putLong(0, 42);
            block.unlink();
        }
        System.out.println("session=" + Session.existing());
        System.out.println("ok");
    }
}
