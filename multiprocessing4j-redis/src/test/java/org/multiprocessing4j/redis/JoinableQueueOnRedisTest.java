package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.JoinableQueueContract;

class JoinableQueueOnRedisTest extends JoinableQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
