package org.multiprocessing4j.contract;

class EventOnThreadTest extends EventContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
