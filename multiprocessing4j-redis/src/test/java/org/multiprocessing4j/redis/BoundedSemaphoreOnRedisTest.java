package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.BoundedSemaphoreContract;

class BoundedSemaphoreOnRedisTest extends BoundedSemaphoreContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
