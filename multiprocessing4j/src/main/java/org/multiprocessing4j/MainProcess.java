package org.multiprocessing4j;

import java.time.Duration;

/** The process a root JVM is: {@code currentProcess()} when nothing started this JVM. */
final class MainProcess extends StandInProcess {

    MainProcess(byte[] authkey) {
        super("MainProcess", authkey);
    }

    @Override
    String whyNotControllable() {
        return "it is the running JVM itself (use System.exit to end it)";
    }

    @Override
    public boolean join(Duration timeout) {
        throw new IllegalStateException("can only join a child process: MainProcess is the running JVM itself");
    }
}
