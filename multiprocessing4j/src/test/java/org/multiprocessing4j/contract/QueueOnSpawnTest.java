package org.multiprocessing4j.contract;

class QueueOnSpawnTest extends QueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
