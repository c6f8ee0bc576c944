package org.multiprocessing4j.contract;

class SharedArrayOnThreadTest extends SharedArrayContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
