package org.multiprocessing4j.contract;

class SharedArrayOnManagerTest extends SharedArrayContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
