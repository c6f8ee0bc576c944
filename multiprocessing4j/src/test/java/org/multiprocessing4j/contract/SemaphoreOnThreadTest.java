package org.multiprocessing4j.contract;

class SemaphoreOnThreadTest extends SemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
