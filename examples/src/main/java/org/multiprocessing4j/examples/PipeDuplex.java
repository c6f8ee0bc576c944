package org.multiprocessing4j.examples;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * Two child processes on the two ends of a duplex pipe, playing ping-pong.
 *
 * <pre>{@code
 * def player(conn, serve):
 *     if serve:
 *         conn.send(0)
 *     while True:
 *         n = conn.recv()
 *         if n >= 6:
 *             break
 *         print(current_process().name, 'got', n)
 *         conn.send(n + 1)
 *     conn.close()
 * }</pre>
 */
public final class PipeDuplex {

    private PipeDuplex() {}

    static void player(Connection conn, boolean serve) {
        String me = Multiprocessing.currentProcess().getName();
        if (serve) {
            conn.send(0);
        }
        while (true) {
            int n = conn.recv();
            System.out.println(me + " got " + n);
            if (n >= 5) {
                if (n == 5) {
                    conn.send(n + 1); // let the other player see the end too
                }
                break;
            }
            conn.send(n + 1);
        }
        conn.close();
    }

    public static void main(String[] args) {
        var pipe = Pipe.open();
        Connection a = pipe.left();
        Connection b = pipe.right();
        var ping = new Process(() -> player(a, true), "ping");
        var pong = new Process(() -> player(b, false), "pong");
        ping.start();
        pong.start();
        pipe.close();   // the parent's copies; each child holds its own end
        ping.join();
        pong.join();
        System.out.println("ping exited with " + ping.exitCode() + ", pong with " + pong.exitCode());
    }
}
