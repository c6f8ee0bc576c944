package org.multiprocessing4j.contract;

class BoundedSemaphoreOnThreadTest extends BoundedSemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
