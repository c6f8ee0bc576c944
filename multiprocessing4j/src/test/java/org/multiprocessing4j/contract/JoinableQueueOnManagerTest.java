package org.multiprocessing4j.contract;

class JoinableQueueOnManagerTest extends JoinableQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
