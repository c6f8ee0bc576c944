package org.multiprocessing4j.contract;

class EventOnSpawnTest extends EventContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
