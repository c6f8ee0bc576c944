package org.multiprocessing4j.contract;

class JoinableQueueOnThreadTest extends JoinableQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new LocalBackend("thread");
    }
}
