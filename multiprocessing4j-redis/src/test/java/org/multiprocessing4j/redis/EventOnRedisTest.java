package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.EventContract;

class EventOnRedisTest extends EventContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
