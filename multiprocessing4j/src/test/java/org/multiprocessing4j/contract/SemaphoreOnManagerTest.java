package org.multiprocessing4j.contract;

class SemaphoreOnManagerTest extends SemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
