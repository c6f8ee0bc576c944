package org.multiprocessing4j.contract;

class BarrierOnSpawnTest extends BarrierContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
