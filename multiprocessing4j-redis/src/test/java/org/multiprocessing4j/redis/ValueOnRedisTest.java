package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.ValueContract;

class ValueOnRedisTest extends ValueContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
