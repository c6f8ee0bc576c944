package org.multiprocessing4j.contract;

class ConditionOnThreadTest extends ConditionContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
