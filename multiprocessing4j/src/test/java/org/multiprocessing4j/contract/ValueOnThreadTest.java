package org.multiprocessing4j.contract;

class ValueOnThreadTest extends ValueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
