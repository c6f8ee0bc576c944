package org.multiprocessing4j.contract;

class BoundedSemaphoreOnManagerTest extends BoundedSemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
