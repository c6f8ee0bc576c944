package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.internal.context.StandIn;

import java.time.Duration;

/** The process a root JVM is: {@code currentProcess()} when nothing started this JVM. */
final class MainProcess implements StandIn {

    static final String NAME = "MainProcess";

    @Override
    public String whyNotControllable() {
        return "it is the running JVM itself (use System.exit to end it)";
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public boolean isAlive() {
        return true;
    }

    @Override
    public boolean join(Duration timeout) {
        throw new IllegalStateException("can only join a child process: MainProcess is the running JVM itself");
    }

    @Override
    public String describe(String name) {
        return "<MainProcess name='" + name + "' pid=" + pid() + " started>";
    }
}
