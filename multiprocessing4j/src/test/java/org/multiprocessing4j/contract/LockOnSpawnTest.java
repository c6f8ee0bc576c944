package org.multiprocessing4j.contract;

class LockOnSpawnTest extends LockContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
