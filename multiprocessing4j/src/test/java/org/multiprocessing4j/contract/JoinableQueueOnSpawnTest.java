package org.multiprocessing4j.contract;

class JoinableQueueOnSpawnTest extends JoinableQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
