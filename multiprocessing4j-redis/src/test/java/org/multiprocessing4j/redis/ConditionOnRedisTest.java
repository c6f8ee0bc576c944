package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.ConditionContract;

class ConditionOnRedisTest extends ConditionContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
