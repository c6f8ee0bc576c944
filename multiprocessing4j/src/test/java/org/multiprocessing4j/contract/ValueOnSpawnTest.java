package org.multiprocessing4j.contract;

class ValueOnSpawnTest extends ValueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("spawn");
    }
}
