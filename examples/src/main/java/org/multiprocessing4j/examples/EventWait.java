package org.multiprocessing4j.examples;

import org.multiprocessing4j.Event;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

import java.time.Duration;

/**
 * One process waits for an {@link Event} without a timeout, another with a short one that
 * expires first; then the parent sets the event.
 *
 * <pre>{@code
 * e = Event()
 * def wait_for_event(e):      e.wait(); print("event set:", e.is_set())
 * def wait_with_timeout(e, t): print("timed out" if not e.wait(t) else "set")
 * }</pre>
 */
public final class EventWait {

    private EventWait() {}

    static void waitForEvent(Event e) {
        e.await();
        System.out.println("wait_for_event: event is set: " + e.isSet());
    }

    static void waitWithTimeout(Event e, Duration timeout) {
        boolean set = e.await(timeout);
        System.out.println("wait_with_timeout: " + (set ? "event is set" : "timed out after " + timeout.toMillis() + " ms, event is set: " + e.isSet()));
    }

    public static void main(String[] args) {
        var e = Multiprocessing.event();
        var blocking = new Process(() -> waitForEvent(e), "blocking");
        var timed = new Process(() -> waitWithTimeout(e, Duration.ofMillis(200)), "non-blocking");
        blocking.start();
        timed.start();
        timed.join();                   // its 200 ms run out while the event is clear
        System.out.println("main: setting the event");
        System.out.flush();
        e.set();
        blocking.join();
    }
}
