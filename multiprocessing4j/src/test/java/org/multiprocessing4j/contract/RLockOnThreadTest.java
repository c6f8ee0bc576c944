package org.multiprocessing4j.contract;

class RLockOnThreadTest extends RLockContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
