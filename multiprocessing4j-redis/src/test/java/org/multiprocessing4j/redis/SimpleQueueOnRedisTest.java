package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.SimpleQueueContract;

class SimpleQueueOnRedisTest extends SimpleQueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
