package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.InterruptedWaitException;
import org.multiprocessing4j.internal.context.StandIn;
import org.multiprocessing4j.internal.spawn.Popen;

import java.time.Duration;

/**
 * The parent of a child JVM, as {@code Multiprocessing.parentProcess()} returns it: name and
 * pid, {@code isAlive()} and {@code join(Duration)}; it cannot be started or stopped from here.
 */
final class ParentProcess implements StandIn {

    private final String name;
    private final long pid;

    ParentProcess(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    @Override
    public String whyNotControllable() {
        return "it is the parent of this process";
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public boolean join(Duration timeout) {
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            return Popen.awaitDone(handle.get().onExit(), timeout);
        } catch (InterruptedException e) {
            throw InterruptedWaitException.of("joining the parent process " + name, e);
        }
    }

    @Override
    public String describe(String name) {
        return "<ParentProcess name='" + name + "' pid=" + pid + (isAlive() ? " alive>" : " gone>");
    }
}
