package org.multiprocessing4j.contract;

class BarrierOnManagerTest extends BarrierContract {
    @Override
    protected ContractBackend newBackend() {
        return new ManagerBackend();
    }
}
