package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.internal.context.Access;
import org.multiprocessing4j.internal.spawn.ChildRunner;

/**
 * The child side of a process (the child bootstrap): what {@code internal.spawn.ChildMain} does
 * with the decoded payload, through {@link Access} to the {@link Process} object. Installed by
 * {@link ChildEntry} in a child JVM and by {@link ProcessRegistry} in any JVM that starts
 * children (the AOT cache's training run needs its payload).
 */
final class ProcessRunner implements ChildRunner {

    static final ProcessRunner INSTANCE = new ProcessRunner();

    private ProcessRunner() {}

    @Override
    public int runChild(Object process, ChildInfo info) {
        if (!(process instanceof Process p)) {
            throw new IllegalArgumentException("the payload is not a Process: "
                    + (process == null ? "null" : process.getClass().getName()));
        }
        var access = Access.process();
        access.becomeChild(p, info.authkey());
        ProcessRegistry.enterChildJvm(p, access.standIn(info.parentName(), info.authkey(),
                new ParentProcess(info.parentName(), info.parentPid())), info.startMethod());
        return access.bootstrap(p);
    }

    @Override
    public Object decode(byte[] payload) {
        return ProcessCodec.decode(payload);
    }

    @Override
    public boolean needsObjectStream(byte[] payload) {
        return ProcessCodec.needsObjectStream(payload);
    }

    @Override
    public byte[] trainingPayload() {
        SerializableRunnable training = AotTraining::run;
        return ProcessCodec.encode(Access.process().detached("aot-training", training));
    }

    @Override
    public void exitCleanup() {
        ProcessRegistry.exitCleanup();
    }

    @Override
    public Class<?> mainClass() {
        return ChildEntry.class;
    }
}
