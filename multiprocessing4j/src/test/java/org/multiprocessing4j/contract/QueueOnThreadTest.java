package org.multiprocessing4j.contract;

class QueueOnThreadTest extends QueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
