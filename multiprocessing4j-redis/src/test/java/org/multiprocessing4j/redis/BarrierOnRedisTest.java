package org.multiprocessing4j.redis;

import org.multiprocessing4j.contract.ContractBackend;
import org.multiprocessing4j.contract.BarrierContract;

class BarrierOnRedisTest extends BarrierContract {
    @Override
    protected ContractBackend newBackend() {
        return new RedisBackend();
    }
}
