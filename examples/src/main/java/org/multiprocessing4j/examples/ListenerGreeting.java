package org.multiprocessing4j.examples;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.connection.Client;
import org.multiprocessing4j.connection.Listener;

import java.net.SocketAddress;

/**
 * Parent and child greeting each other over an authenticated connection.
 *
 * <pre>{@code
 * from multiprocessing import Process
 * from multiprocessing.connection import Listener, Client
 *
 * def child(address):
 *     with Client(address, authkey=b'secret') as conn:
 *         print('child got:', conn.recv())
 *         conn.send('hello parent, this is the child')
 *
 * if __name__ == '__main__':
 *     with Listener(('localhost', 0), authkey=b'secret') as listener:
 *         p = Process(target=child, args=(listener.address,))
 *         p.start()
 *         with listener.accept() as conn:
 *             conn.send('hello child, this is the parent')
 *             print('parent got:', conn.recv())
 *         p.join()
 * }</pre>
 *
 * <p>The child receives only the listener's address; it connects back with the authkey it
 * inherited from the parent, and both sides prove knowledge of it before a message is decoded.
 */
public final class ListenerGreeting {

    private ListenerGreeting() {}

    static void child(SocketAddress address) {
        try (Connection conn = Client.connect(address)) {
            System.out.println("child got: " + conn.<String>recv());
            conn.send("hello parent, this is " + Multiprocessing.currentProcess().getName()
                    + " (pid " + ProcessHandle.current().pid() + ")");
        }
    }

    public static void main(String[] args) {
        try (var listener = new Listener()) {   // a Unix-domain socket in the session directory
            SocketAddress address = listener.address();
            var p = new Process(() -> child(address));
            p.start();
            try (Connection conn = listener.accept()) {
                conn.send("hello child, this is the parent (pid " + ProcessHandle.current().pid() + ")");
                System.out.println("parent got: " + conn.<String>recv());
            }
            p.join();
        }
    }
}
