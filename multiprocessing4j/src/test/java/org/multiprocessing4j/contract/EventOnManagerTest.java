package org.multiprocessing4j.contract;

class EventOnManagerTest extends EventContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
