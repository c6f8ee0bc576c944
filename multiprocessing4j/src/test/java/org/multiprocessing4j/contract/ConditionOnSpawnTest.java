package org.multiprocessing4j.contract;

class ConditionOnSpawnTest extends ConditionContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
