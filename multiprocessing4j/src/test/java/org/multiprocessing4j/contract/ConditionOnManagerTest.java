package org.multiprocessing4j.contract;

class ConditionOnManagerTest extends ConditionContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
