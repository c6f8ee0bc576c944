package org.multiprocessing4j.examples;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.EndOfStreamException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A two-process echo over TCP: a server child echoes every message until the client closes;
 * the parent waits on the connection and the child's sentinel together.
 *
 * <pre>{@code
 * def echo_server(listener):            # (Python passes the listener; we pass its address)
 *     with listener.accept() as conn:
 *         try:
 *             while True:
 *                 conn.send_bytes(conn.recv_bytes())
 *         except EOFError:
 *             pass
 * }</pre>
 *
 * <p>Here the child listens and the parent connects, so the parent first needs the port the
 * child bound: the child sends it over a second listener of the parent's.
 */
public final class TcpEcho {

    private TcpEcho() {}

    static void echoServer(SocketAddress parent) {
        try (var listener = new Listener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Connection toParent = Client.connect(parent)) {
            toParent.send(listener.address());         // tell the parent where to connect
            try (Connection conn = listener.accept()) {
                int n = 0;
                try {
                    while (true) {
                        conn.sendBytes(conn.recvBytes());
                        n++;
                    }
                } catch (EndOfStreamException e) {
                    System.out.println(Multiprocessing.currentProcess().getName() + ": client closed after " + n + " messages");
                }
            }
        }
    }

    public static void main(String[] args) {
        SocketAddress echoAddress;
        Process server;
        try (var rendezvous = new Listener()) {
            SocketAddress parent = rendezvous.address();
            server = new Process(() -> echoServer(parent), "echo-server");
            server.start();
            try (Connection c = rendezvous.accept()) {
                echoAddress = c.recv();
            }
        }
        try (Connection conn = Client.connect(echoAddress)) {
            for (String word : List.of("hello", "", "echo", "over TCP")) {
                conn.sendBytes(word.getBytes());
                var ready = Multiprocessing.wait(List.of(conn, server), Duration.ofSeconds(30));
                System.out.println("sent '%s', echoed '%s' (ready: %s)".formatted(word, new String(conn.recvBytes()),
                        ready.contains(conn) ? "the connection" : ready));
            }
        }
        server.join();
        System.out.println(server.getName() + " exited with " + server.exitCode());
    }
}
