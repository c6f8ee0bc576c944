package org.multiprocessing4j.contract;

class SimpleQueueOnSpawnTest extends SimpleQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
