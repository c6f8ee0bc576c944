package org.multiprocessing4j.contract;

class LockOnThreadTest extends LockContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
