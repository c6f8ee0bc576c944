package org.multiprocessing4j.contract;

class RLockOnSpawnTest extends RLockContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
