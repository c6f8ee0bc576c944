package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.QueueContract;

class QueueOnRedisTest extends QueueContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
