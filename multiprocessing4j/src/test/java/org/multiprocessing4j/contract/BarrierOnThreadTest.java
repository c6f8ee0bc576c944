package org.multiprocessing4j.contract;

class BarrierOnThreadTest extends BarrierContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
