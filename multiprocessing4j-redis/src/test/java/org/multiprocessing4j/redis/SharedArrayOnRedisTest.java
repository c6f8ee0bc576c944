package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.SharedArrayContract;

class SharedArrayOnRedisTest extends SharedArrayContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
