package org.multiprocessing4j.contract;

class RLockOnManagerTest extends RLockContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
