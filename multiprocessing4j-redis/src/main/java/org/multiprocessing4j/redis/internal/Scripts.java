package org.multiprocessing4j.redis.internal;

/**
 * The Lua scripts of the backend, each atomic on the server. A script that refuses answers an
 * error whose message starts with {@code MP4J_} ({@link RedisLink.ScriptError}). Scripts touch
 * only keys under the session prefix, several of them computed from {@code ARGV} (the prefix):
 * fine on a single server or Sentinel, not on Cluster (docs/DISTRIBUTED.md).
 */
public final class Scripts {

    private Scripts() {}

    /** KEYS epoch, parties, lease; ARGV candidate epoch, party id, party info, ttl ms → the session's epoch. */
    public static final String JOIN = """
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            local e = redis.call('GET', KEYS[1])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
            redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
            return e
            """;

    /**
     * Renews the caller's lease (SET XX PX) and reaps dead parties: each chunk in a dead party's
     * in-flight list is requeued at the head while it has retries left, else its driver gets a
     * "lost" result ({@code L<chunk id>\\n<party info>}).
     * KEYS epoch, lease, parties; ARGV epoch, ttl ms, party id, prefix → -1 epoch gone, 0 lease gone, 1 renewed.
     */
    public static final String RENEW = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
            if not redis.call('SET', KEYS[2], '1', 'XX', 'PX', ARGV[2]) then return 0 end
            local pre = ARGV[4]
            local parties = redis.call('HGETALL', KEYS[3])
            for i = 1, #parties, 2 do
              local p = parties[i]
              if redis.call('EXISTS', pre .. 'lease:' .. p) == 0 then
                local inflight = pre .. 'inflight:' .. p
                for _, cid in ipairs(redis.call('LRANGE', inflight, 0, -1)) do
                  local ck = pre .. 'chunk:' .. cid
                  local driver = redis.call('HGET', ck, 'driver')
                  if driver then
                    local attempts = redis.call('HINCRBY', ck, 'attempts', 1)
                    local retries = tonumber(redis.call('HGET', ck, 'retries') or '0')
                    if attempts <= retries then
                      redis.call('LPUSH', pre .. 'tasks', cid)
                    else
                      redis.call('RPUSH', pre .. 'results:' .. driver, 'L' .. cid .. '\\n' .. parties[i + 1])
                      redis.call('DEL', ck)
                    end
                  end
                end
                redis.call('DEL', inflight)
                redis.call('HDEL', KEYS[3], p)
              end
            end
            return 1
            """;

    /**
     * Leaves: chunks still in the caller's in-flight list go back to the head of the tasks list
     * (not an attempt: nothing ran them to the end). KEYS parties, lease, inflight; ARGV party id,
     * prefix → the number of other live parties.
     */
    public static final String LEAVE = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('DEL', KEYS[2])
            while redis.call('LMOVE', KEYS[3], ARGV[2] .. 'tasks', 'RIGHT', 'LEFT') do end
            local live = 0
            for _, p in ipairs(redis.call('HKEYS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[2] .. 'lease:' .. p) == 1 then live = live + 1 end
            end
            return live
            """;

    private static final String EPOCH = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('MP4J_EPOCH') end
            """;

    /** KEYS epoch, list, unfinished; ARGV epoch, maxsize (0 none), value, joinable 0|1 → 1 put, 0 full. */
    public static final String PUT = EPOCH + """
            local max = tonumber(ARGV[2])
            if max > 0 and redis.call('LLEN', KEYS[2]) >= max then return 0 end
            redis.call('RPUSH', KEYS[2], ARGV[3])
            if ARGV[4] == '1' then redis.call('INCR', KEYS[3]) end
            return 1
            """;

    /** KEYS epoch, list; ARGV epoch → the head, or nil. */
    public static final String POP = EPOCH + """
            return redis.call('LPOP', KEYS[2])
            """;

    /** KEYS epoch, list; ARGV epoch → the length. */
    public static final String LENGTH = EPOCH + """
            return redis.call('LLEN', KEYS[2])
            """;

    /**
     * CPython's task_done on a counter: at zero, each registered joiner gets a token in its own
     * wake list (no pub/sub: a joiner that is between its check and its wait still finds it).
     * KEYS epoch, unfinished, joiners; ARGV epoch, wake-list prefix → the count left.
     */
    public static final String TASK_DONE = EPOCH + """
            local n = redis.call('DECR', KEYS[2])
            if n < 0 then
              redis.call('INCR', KEYS[2])
              return redis.error_reply('MP4J_TOO_MANY_TASK_DONE')
            end
            if n == 0 then
              for _, w in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
                redis.call('RPUSH', ARGV[2] .. w, '1')
                redis.call('PEXPIRE', ARGV[2] .. w, 600000)
              end
              redis.call('DEL', KEYS[3])
            end
            return n
            """;

    /** KEYS epoch, unfinished, joiners; ARGV epoch, token → 1 nothing unfinished, 0 registered. */
    public static final String JOIN_WAIT = EPOCH + """
            if tonumber(redis.call('GET', KEYS[2]) or '0') == 0 then return 1 end
            redis.call('RPUSH', KEYS[3], ARGV[2])
            return 0
            """;

    /** KEYS epoch, chunk, tasks; ARGV epoch, sealed work, driver, pool id, retries, chunk id. */
    public static final String SUBMIT = EPOCH + """
            redis.call('HSET', KEYS[2], 'env', ARGV[2], 'driver', ARGV[3], 'pool', ARGV[4], 'retries', ARGV[5], 'attempts', '0')
            redis.call('RPUSH', KEYS[3], ARGV[6])
            return 1
            """;

    /** KEYS chunk → {sealed work, pool id}, nils when the chunk is gone. */
    public static final String CHUNK = """
            return redis.call('HMGET', KEYS[1], 'env', 'pool')
            """;

    /**
     * The fenced acknowledgement: the result goes to the chunk's driver only while the chunk is
     * still in this agent's in-flight list (an agent declared dead was reaped: its late result
     * is refused). KEYS inflight, chunk; ARGV chunk id, sealed outcome, prefix → 1 accepted, 0 refused.
     */
    public static final String ACK = """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
            local driver = redis.call('HGET', KEYS[2], 'driver')
            if driver then
              redis.call('RPUSH', ARGV[3] .. 'results:' .. driver, 'R' .. ARGV[1] .. '\\n' .. ARGV[2])
            end
            redis.call('DEL', KEYS[2])
            return 1
            """;

    /** KEYS epoch, tokens, init; ARGV epoch, initial value → creates the permits once (a named semaphore keeps its state). */
    public static final String SEM_INIT = EPOCH + """
            if redis.call('SET', KEYS[3], ARGV[2], 'NX') then
              for i = 1, tonumber(ARGV[2]) do redis.call('RPUSH', KEYS[2], '1') end
            end
            return tonumber(redis.call('GET', KEYS[3]))
            """;

    /**
     * Returns a permit, refusing above the bound when one is given.
     * KEYS epoch, tokens; ARGV epoch, bound (0: none), what a release of an unlocked lock means ('lock' or '') → the value.
     */
    public static final String SEM_RELEASE = EPOCH + """
            local n = redis.call('LLEN', KEYS[2])
            local bound = tonumber(ARGV[2])
            if bound > 0 and n >= bound then return redis.error_reply('MP4J_OVER_RELEASE ' .. n) end
            return redis.call('RPUSH', KEYS[2], '1')
            """;

    /** KEYS epoch, tokens; ARGV epoch → a permit taken (1) or not (0). */
    public static final String SEM_TRY = EPOCH + """
            if redis.call('LPOP', KEYS[2]) then return 1 end
            return 0
            """;

    /** KEYS epoch, flag, waiters; ARGV epoch, wake prefix → sets the flag and wakes every registered waiter. */
    public static final String EVENT_SET = EPOCH + """
            redis.call('SET', KEYS[2], '1')
            for _, w in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
              redis.call('RPUSH', ARGV[2] .. w, '1')
              redis.call('PEXPIRE', ARGV[2] .. w, 600000)
            end
            redis.call('DEL', KEYS[3])
            return 1
            """;

    /** KEYS epoch, flag, waiters; ARGV epoch, token → 1 set already, 0 registered as a waiter. */
    public static final String EVENT_WAIT = EPOCH + """
            if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
            redis.call('RPUSH', KEYS[3], ARGV[2])
            return 0
            """;

    /** KEYS epoch, flag, waiters, wake; ARGV epoch, token → 1 set (and unregistered), 0 unregistered. */
    public static final String EVENT_GIVE_UP = EPOCH + """
            redis.call('LREM', KEYS[3], 0, ARGV[2])
            redis.call('DEL', KEYS[4])
            return redis.call('EXISTS', KEYS[2])
            """;
}
