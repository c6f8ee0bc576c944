package org.multiprocessing4j.contract;

class BoundedSemaphoreOnSpawnTest extends BoundedSemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
