package org.multiprocessing4j.examples;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * Parent and child greeting each other over a pipe, the tutorial's first pipe program.
 *
 * <pre>{@code
 * from multiprocessing import Process, Pipe
 *
 * def f(conn):
 *     conn.send([42, None, 'hello'])
 *     print('child got:', conn.recv())
 *     conn.close()
 *
 * if __name__ == '__main__':
 *     parent_conn, child_conn = Pipe()
 *     p = Process(target=f, args=(child_conn,))
 *     p.start()
 *     print(parent_conn.recv())   # prints "[42, None, 'hello']"
 *     parent_conn.send('hello child')
 *     p.join()
 * }</pre>
 */
public final class PipeGreeting {

    private PipeGreeting() {}

    static void f(Connection conn) {
        conn.send(java.util.Arrays.asList(42, null, "hello from " + Multiprocessing.currentProcess().getName()));
        System.out.println("child got: " + conn.<String>recv());
        conn.close();
    }

    public static void main(String[] args) {
        var pipe = Pipe.open();
        Connection parentConn = pipe.left();
        Connection childConn = pipe.right();
        var p = new Process(() -> f(childConn));   // the end travels to the child with the target
        p.start();
        childConn.close();                         // the parent's copy; the child has its own
        System.out.println("parent got: " + parentConn.recv());
        parentConn.send("hello child, from the parent (pid " + ProcessHandle.current().pid() + ")");
        p.join();
        parentConn.close();
    }
}
