package org.multiprocessing4j;

/**
 * A {@link Process} object that stands for a process this JVM did not start — itself
 * ({@link MainProcess}) or its parent ({@link ParentProcess}) — so it cannot be started or
 * stopped through it, has no exit code to report, and holds nothing to close.
 */
abstract class StandInProcess extends Process {

    StandInProcess(String name, byte[] authkey) {
        super(name, new int[0], authkey, State.STARTED);
    }

    /** Why this object cannot be started or stopped, for the error message. */
    abstract String whyNotControllable();

    @Override
    public void start() {
        throw new IllegalStateException("cannot start " + getName() + ": " + whyNotControllable());
    }

    @Override
    public void terminate() {
        throw new IllegalStateException("cannot terminate " + getName() + ": " + whyNotControllable());
    }

    @Override
    public void kill() {
        throw new IllegalStateException("cannot kill " + getName() + ": " + whyNotControllable());
    }

    @Override
    public Integer exitCode() {
        return null;
    }

    @Override
    public void close() {
        // nothing held
    }
}
