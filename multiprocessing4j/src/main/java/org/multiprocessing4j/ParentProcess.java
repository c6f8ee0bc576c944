package org.multiprocessing4j;

import org.multiprocessing4j.internal.spawn.Popen;

import java.time.Duration;

/**
 * The parent of a child JVM, as {@link Multiprocessing#parentProcess()} returns it: name and pid,
 * {@link #isAlive()} and {@link #join(Duration)}; it cannot be started or stopped from here.
 */
final class ParentProcess extends StandInProcess {

    private final long pid;

    ParentProcess(String name, long pid, byte[] authkey) {
        super(name, authkey);
        this.pid = pid;
    }

    @Override
    String whyNotControllable() {
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
            throw InterruptedWaitException.of("joining the parent process " + getName(), e);
        }
    }

    @Override
    public String toString() {
        return "<ParentProcess name='" + getName() + "' pid=" + pid + (isAlive() ? " alive>" : " gone>");
    }
}
