package org.multiprocessing4j.contract;

class QueueOnManagerTest extends QueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
