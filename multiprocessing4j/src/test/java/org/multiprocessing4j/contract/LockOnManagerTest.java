package org.multiprocessing4j.contract;

class LockOnManagerTest extends LockContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
