package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.RLockContract;

class RLockOnRedisTest extends RLockContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
