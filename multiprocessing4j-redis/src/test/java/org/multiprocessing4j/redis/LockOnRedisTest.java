package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.LockContract;

class LockOnRedisTest extends LockContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
