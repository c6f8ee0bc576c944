package org.multiprocessing4j;

/** {@link Process} under the {@code "spawn"} start method: a fresh child JVM per process. */
class SpawnProcessTest extends JvmProcessConformanceTest {

    @Override
    Context context() {
        return Multiprocessing.getContext("spawn");
    }
}
