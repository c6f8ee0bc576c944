package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.SemaphoreContract;

class SemaphoreOnRedisTest extends SemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
