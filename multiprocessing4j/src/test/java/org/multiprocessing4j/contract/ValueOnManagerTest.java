package org.multiprocessing4j.contract;

class ValueOnManagerTest extends ValueContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
