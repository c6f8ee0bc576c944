package org.multiprocessing4j.contract;

class SimpleQueueOnThreadTest extends SimpleQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
