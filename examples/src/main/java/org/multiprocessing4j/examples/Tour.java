package org.multiprocessing4j.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The main job: runs the example programs one after the other with a heading for each, all in
 * real child JVMs. {@code ./mvnw -q -Ptour package} runs it; pass example names in
 * {@code -Dtour.args="hello race"} to run some of them.
 */
public final class Tour {

    private Tour() {}

    static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    record Example(String title, Consumer<String[]> main) {}

    static {
        EXAMPLES.put("hello", new Example("A function run in a child process", HelloProcess::main));
        EXAMPLES.put("subclass", new Example("A Process subclass with its own run()", ProcessSubclass::main));
        EXAMPLES.put("join", new Example("Starting several processes and joining them all", JoinSeveral::main));
        EXAMPLES.put("isolation", new Example("Each process has its own memory", DataIsolation::main));
        EXAMPLES.put("daemon", new Example("Daemonic and non-daemonic children at exit", DaemonProcesses::main));
        EXAMPLES.put("pipe", new Example("Parent and child greeting each other over a Pipe", PipeGreeting::main));
        EXAMPLES.put("duplex", new Example("Two processes on the two ends of a duplex pipe", PipeDuplex::main));
        EXAMPLES.put("greet", new Example("Parent and child greeting each other over a Listener/Client connection", ListenerGreeting::main));
        EXAMPLES.put("echo", new Example("A two-process echo over TCP, waiting on a connection and a process", TcpEcho::main));
        EXAMPLES.put("queue", new Example("Producer and consumer over a Queue with a null sentinel", QueueProducerConsumer::main));
        EXAMPLES.put("bounded", new Example("A bounded Queue: full() and a non-blocking put that fails", BoundedQueue::main));
        EXAMPLES.put("timed-get", new Example("A reader with a timed get", args -> interruptible(QueueTimedGet::main, args)));
        EXAMPLES.put("joinable", new Example("JoinableQueue: a daemonic worker, join() in the producer", JoinableQueueWorkers::main));
        EXAMPLES.put("race", new Example("Ticket booking without a lock: a race", args -> unchecked(TicketBookingRace::main, args)));
        EXAMPLES.put("lock", new Example("Ticket booking with a Lock: exact", TicketBookingWithLock::main));
        EXAMPLES.put("semaphore", new Example("A Semaphore admits 2 of 5 processes at once", SemaphoreSlots::main));
        EXAMPLES.put("condition", new Example("Condition: stage 2 waits for stage 1", ConditionStages::main));
        EXAMPLES.put("event", new Example("Event with and without a timeout", EventWait::main));
        EXAMPLES.put("value", new Example("A Value and an array changed by a child", SharedValueAndArray::main));
        EXAMPLES.put("pool-map", new Example("Pool(8).map over 100 items", PoolMap::main));
        EXAMPLES.put("pool-async", new Example("100 applyAsync calls, shutdown and join; apply in a loop", PoolApplyAsync::main));
        EXAMPLES.put("containment", new Example("A runaway task, System.exit and an OOM contained in a map", PoolContainment::main));
        EXAMPLES.put("manager", new Example("A child changes a manager's value, array, dict, list and namespace", ManagerSharedState::main));
        EXAMPLES.put("manager-queue", new Example("Two pool tasks passing messages through a manager's queue", ManagerQueuePool::main));
        EXAMPLES.put("remote-manager", new Example("A manager serving a queue on TCP, a client JVM connecting by address and key",
                RemoteManagerQueue::main));
        EXAMPLES.put("redis", new Example("The same program on spawn and on a local redis-server with a host agent", RedisTour::main));
    }

    private static void unchecked(ThrowingMain main, String[] args) {
        try {
            main.run(args);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void interruptible(InterruptibleMain main, String[] args) {
        try {
            main.run(args);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    interface InterruptibleMain {
        void run(String[] args) throws InterruptedException;
    }

    interface ThrowingMain {
        void run(String[] args) throws java.io.IOException;
    }

    public static void main(String[] args) {
        var chosen = args.length == 0 ? EXAMPLES.keySet().toArray(String[]::new) : args;
        System.out.println("multiprocessing4j tour: %d programs, each process a real JVM (this one is pid %d)".formatted(chosen.length, ProcessHandle.current().pid()));
        int n = 0;
        for (String name : chosen) {
            var example = EXAMPLES.get(name);
            if (example == null) {
                throw new IllegalArgumentException("unknown example '" + name + "'; known: " + EXAMPLES.keySet());
            }
            System.out.println("%n== %d. %s (%s) ==".formatted(++n, example.title(), name));
            System.out.flush();
            example.main().accept(new String[0]);
            System.out.flush();
        }
        System.out.println(System.lineSeparator() + "Tour finished.");
    }
}
