package org.multiprocessing4j.examples;

import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.managers.BaseManager;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A manager serving a queue on a TCP port, and a client in a separately started JVM that
 * finds it by address and key alone.
 *
 * <pre>{@code
 * # server
 * queue = queue.Queue()
 * class QueueManager(BaseManager): pass
 * QueueManager.register('get_queue', callable=lambda: queue)
 * m = QueueManager(address=('', 50000), authkey=b'abracadabra')
 * m.get_server().serve_forever()
 *
 * # client (another machine)
 * class QueueManager(BaseManager): pass
 * QueueManager.register('get_queue')
 * m = QueueManager(address=('foo.bar.org', 50000), authkey=b'abracadabra')
 * m.connect()
 * m.get_queue().put('hello')
 * }</pre>
 *
 * <p>Here the server runs in a child JVM ({@code start()}) on a free loopback port; the client
 * is another child that receives only the host, port and key, as a program on another machine
 * would. A wrong key is refused before anything is decoded. On TCP the manager decodes only
 * classes on its allow-list (JDK value types and this library's; add yours with
 * {@code builder().allowClasses(..)}).
 */
public final class RemoteManagerQueue {

    private RemoteManagerQueue() {}

    /** The one queue of the server's JVM; the type id "get_queue" hands out proxies of it. */
    static final class Shared {
        static final BlockingQueue<String> QUEUE = new LinkedBlockingQueue<>();

        static BlockingQueue<String> queue() {
            return QUEUE;
        }
    }

    static void client(String host, int port) {
        var manager = BaseManager.builder().address(new InetSocketAddress(host, port))
                .authkey("abracadabra".getBytes()).build();
        manager.connect();
        @SuppressWarnings("unchecked")
        BlockingQueue<String> queue = manager.create("get_queue", BlockingQueue.class);
        queue.add("hello from the client, pid " + ProcessHandle.current().pid());
        manager.close();
    }

    public static void main(String[] args) {
        var server = BaseManager.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .authkey("abracadabra".getBytes()).build();
        server.register("get_queue", BlockingQueue.class, (Supplier<BlockingQueue<String>> & Serializable) Shared::queue);
        try (server) {
            server.start();
            var address = (InetSocketAddress) server.address();
            System.out.println("manager serving on " + address.getHostString() + ":" + address.getPort());

            String host = address.getHostString();
            int port = address.getPort();
            var client = new Process(() -> client(host, port));
            client.start();
            client.join();

            @SuppressWarnings("unchecked")
            BlockingQueue<String> queue = server.create("get_queue", BlockingQueue.class);
            try {
                System.out.println("server's queue holds: " + queue.poll(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }

            try {
                BaseManager.builder().address(address).authkey("wrong key".getBytes()).build().connect();
            } catch (AuthenticationException e) {
                System.out.println("a client with the wrong key is refused: " + e.getMessage());
            }
        }
    }
}
