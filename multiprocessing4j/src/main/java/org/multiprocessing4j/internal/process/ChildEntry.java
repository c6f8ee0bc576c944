package org.multiprocessing4j.internal.process;

import org.multiprocessing4j.internal.spawn.ChildMain;
import org.multiprocessing4j.internal.spawn.ChildRunner;

/**
 * The main class of a child JVM: {@link ChildMain} (the runtime's bootstrap, DESIGN.md §2) with
 * this package's {@link ProcessRunner}, so the runtime never has to look for the code above it.
 */
public final class ChildEntry {

    private ChildEntry() {}

    public static void main(String[] args) {
        ChildRunner.Holder.install(ProcessRunner.INSTANCE);
        ChildMain.main(args);
    }
}
