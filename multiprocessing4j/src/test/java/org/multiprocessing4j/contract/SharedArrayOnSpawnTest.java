package org.multiprocessing4j.contract;

class SharedArrayOnSpawnTest extends SharedArrayContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
