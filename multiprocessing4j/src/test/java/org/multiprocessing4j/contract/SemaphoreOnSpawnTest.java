package org.multiprocessing4j.contract;

class SemaphoreOnSpawnTest extends SemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
