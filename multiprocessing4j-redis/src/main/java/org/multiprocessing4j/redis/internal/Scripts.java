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
     * in-flight list (task elements, {@link #SUBMIT}) is requeued at the head while it has retries left, else its driver gets a
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
                for _, task in ipairs(redis.call('LRANGE', inflight, 0, -1)) do
                  local nl = string.find(task, '\\n', 1, true)
                  local cid = nl and string.sub(task, 1, nl - 1) or ''
                  local ck = pre .. 'chunk:' .. cid
                  local driver = nl and redis.call('HGET', ck, 'driver')
                  if driver then
                    local attempts = redis.call('HINCRBY', ck, 'attempts', 1)
                    local retries = tonumber(redis.call('HGET', ck, 'retries') or '0')
                    if attempts <= retries then
                      redis.call('LPUSH', pre .. 'tasks', task)
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

    /**
     * A guest's lease (Session.holderLease): made with mode 'new', renewed with 'renew' only while
     * it exists (a guest taken for dead, or of a session that ended, never makes it again).
     * KEYS epoch, lease; ARGV epoch, ttl ms, mode → 1 set, 0 gone.
     */
    public static final String GUEST_LEASE = EPOCH + """
            if ARGV[3] == 'new' then
              redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
              return 1
            end
            if redis.call('SET', KEYS[2], '1', 'XX', 'PX', ARGV[2]) then return 1 end
            return 0
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

    /**
     * Queues a chunk: its hash (driver, pool, retries, attempts) and its task element
     * {@code <chunk id> '\n' <pool id> '\n' <sealed work>} on the tasks list. The element carries
     * the work, so an agent has all it needs from its BLMOVE, without reading the hash.
     * KEYS epoch, chunk, tasks; ARGV epoch, task element, driver, pool id, retries.
     */
    public static final String SUBMIT = EPOCH + """
            redis.call('HSET', KEYS[2], 'driver', ARGV[3], 'pool', ARGV[4], 'retries', ARGV[5], 'attempts', '0')
            redis.call('RPUSH', KEYS[3], ARGV[2])
            return 1
            """;

    /**
     * Takes a chunk back while no agent has it (an executor's {@code cancel}, a process's
     * terminate before it started). KEYS tasks, chunk; ARGV task element → 1 taken back, 0 an
     * agent has it or it is done.
     */
    public static final String CANCEL = """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
            redis.call('DEL', KEYS[2])
            return 1
            """;

    /**
     * The fenced acknowledgement: the result goes to the chunk's driver only while the chunk's
     * task element is still in this agent's in-flight list (an agent declared dead was reaped:
     * its late result is refused). KEYS inflight, chunk; ARGV task element, chunk id, sealed
     * outcome, prefix → 1 accepted, 0 refused.
     */
    public static final String ACK = """
            if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
            local driver = redis.call('HGET', KEYS[2], 'driver')
            if driver then
              redis.call('RPUSH', ARGV[4] .. 'results:' .. driver, 'R' .. ARGV[2] .. '\\n' .. ARGV[3])
            end
            redis.call('DEL', KEYS[2])
            return 1
            """;

    /**
     * A chunk whose local worker died on the agent (killed from outside, a crash): requeued at
     * the head while the chunk has retries left, as the reaper does for a dead agent's chunks,
     * and only while it is still in this agent's in-flight list (fenced as {@link #ACK}).
     * KEYS inflight, chunk, tasks; ARGV task element → 1 requeued, 0 no retries left (nothing
     * changed: acknowledge the failure), -1 no longer this agent's.
     */
    public static final String RETRY = """
            if not redis.call('LPOS', KEYS[1], ARGV[1]) then return -1 end
            local retries = tonumber(redis.call('HGET', KEYS[2], 'retries') or '0')
            if tonumber(redis.call('HGET', KEYS[2], 'attempts') or '0') >= retries then return 0 end
            redis.call('HINCRBY', KEYS[2], 'attempts', 1)
            redis.call('LREM', KEYS[1], 1, ARGV[1])
            redis.call('LPUSH', KEYS[3], ARGV[1])
            return 1
            """;

    /** KEYS epoch, count; ARGV epoch, initial value → creates the count once (a named semaphore keeps its state). */
    public static final String SEM_INIT = EPOCH + """
            redis.call('SET', KEYS[2], ARGV[2], 'NX')
            return tonumber(redis.call('GET', KEYS[2]))
            """;

    /**
     * Takes a permit if one is there. With ARGV[2] 'first', a caller that finds none registers
     * as waiting (releases then leave it a wake token); 'again' is a registered waiter's retry
     * (unregistered when it takes one); 'try' never registers.
     * KEYS epoch, count, waiting; ARGV epoch, mode → 1 taken, 0 not.
     */
    public static final String SEM_TAKE = EPOCH + """
            if tonumber(redis.call('GET', KEYS[2])) > 0 then
              redis.call('DECR', KEYS[2])
              if ARGV[2] == 'again' then redis.call('DECR', KEYS[3]) end
              return 1
            end
            if ARGV[2] == 'first' then redis.call('INCR', KEYS[3]) end
            return 0
            """;

    /** A registered waiter gives up. KEYS epoch, waiting; ARGV epoch. */
    public static final String SEM_GIVE_UP = EPOCH + """
            return redis.call('DECR', KEYS[2])
            """;

    /**
     * Returns a permit, refusing above the bound (Integer.MAX_VALUE without one), and leaves a
     * wake token while there are fewer tokens than registered waiters (so tokens stay bounded).
     * KEYS epoch, count, wake, waiting; ARGV epoch, bound → the value, or error MP4J_OVER_RELEASE.
     */
    public static final String SEM_RELEASE = EPOCH + """
            local n = tonumber(redis.call('GET', KEYS[2]))
            local bound = tonumber(ARGV[2])
            if n >= bound then return redis.error_reply('MP4J_OVER_RELEASE ' .. n) end
            if redis.call('LLEN', KEYS[3]) < tonumber(redis.call('GET', KEYS[4]) or '0') then
              redis.call('RPUSH', KEYS[3], '1')
            end
            return redis.call('INCR', KEYS[2])
            """;

    /** KEYS epoch, count; ARGV epoch → the value. */
    public static final String SEM_VALUE = EPOCH + """
            return tonumber(redis.call('GET', KEYS[2]))
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

    /**
     * Takes {@code levels} levels of a reentrant lock for the caller: when it is free, or already
     * the caller's. An owner whose lease key is gone died holding it: the lock is freed (a wake
     * token for a waiter) and the caller, who does not hold it, is told who died.
     * KEYS epoch, lock, wake; ARGV epoch, owner, levels, the owner's lease key, "host pid" →
     * {the hold count now (0: held by another), ''} or {-1, "host pid" of the dead owner}.
     */
    public static final String RLOCK_TAKE = EPOCH + """
            local o = redis.call('HGET', KEYS[2], 'owner')
            if not o then
              redis.call('HSET', KEYS[2], 'owner', ARGV[2], 'count', ARGV[3], 'lease', ARGV[4], 'who', ARGV[5])
              return {tonumber(ARGV[3]), ''}
            end
            if o == ARGV[2] then return {redis.call('HINCRBY', KEYS[2], 'count', ARGV[3]), ''} end
            local lease = redis.call('HGET', KEYS[2], 'lease')
            if lease and redis.call('EXISTS', lease) == 0 then
              local who = redis.call('HGET', KEYS[2], 'who') or '?'
              redis.call('DEL', KEYS[2], KEYS[3])
              redis.call('RPUSH', KEYS[3], '1')
              return {-1, who}
            end
            return {0, ''}
            """;

    /**
     * Releases one level of a reentrant lock (ARGV all '0') or every level ('1', for a condition's
     * wait), and at zero leaves one wake token for a waiter (at most one: a stale token only
     * costs a waiter one extra attempt). KEYS epoch, lock, wake; ARGV epoch, owner, all →
     * -1 the caller does not hold it; else the levels still held (one level) or released (all).
     */
    public static final String RLOCK_RELEASE = EPOCH + """
            if redis.call('HGET', KEYS[2], 'owner') ~= ARGV[2] then return -1 end
            local n = tonumber(redis.call('HGET', KEYS[2], 'count'))
            if ARGV[3] == '0' and n > 1 then return redis.call('HINCRBY', KEYS[2], 'count', -1) end
            redis.call('DEL', KEYS[2], KEYS[3])
            redis.call('RPUSH', KEYS[3], '1')
            if ARGV[3] == '0' then return 0 end
            return n
            """;

    /** KEYS epoch, lock; ARGV epoch, owner → the caller's hold count (0 when another holds it or none). */
    public static final String RLOCK_COUNT = EPOCH + """
            if redis.call('HGET', KEYS[2], 'owner') ~= ARGV[2] then return 0 end
            return tonumber(redis.call('HGET', KEYS[2], 'count'))
            """;

    /** KEYS epoch, waiters; ARGV epoch, token → registers a condition's waiter (while it holds the lock). */
    public static final String COND_REGISTER = EPOCH + """
            return redis.call('RPUSH', KEYS[2], ARGV[2])
            """;

    /**
     * Wakes up to n waiters of a condition, oldest first, each through its own wake list (no
     * pub/sub: a waiter between releasing the lock and blocking still finds its token).
     * KEYS epoch, waiters; ARGV epoch, n, wake-list prefix → the number woken.
     */
    public static final String COND_SIGNAL = EPOCH + """
            local woken = 0
            while woken < tonumber(ARGV[2]) do
              local t = redis.call('LPOP', KEYS[2])
              if not t then break end
              redis.call('RPUSH', ARGV[3] .. t, '1')
              redis.call('PEXPIRE', ARGV[3] .. t, 600000)
              woken = woken + 1
            end
            return woken
            """;

    /**
     * A waiter whose time ran out: 0 if it was still registered (it times out), 1 if a signal
     * took it meanwhile (it counts as woken, so the signal is not lost). KEYS epoch, waiters,
     * wake; ARGV epoch, token.
     */
    public static final String COND_GIVE_UP = EPOCH + """
            local still = redis.call('LREM', KEYS[2], 0, ARGV[2])
            redis.call('DEL', KEYS[3])
            if still > 0 then return 0 end
            return 1
            """;

    /**
     * A party arrives at a barrier: its index in arrival order, the generation, and whether it
     * is the last (which then runs the action and {@link #BARRIER_PASS}es); others register a
     * wake token. KEYS epoch, state, waiters; ARGV epoch, parties, token → {index, generation,
     * last 0|1}, or {-1, generation, 0} when the barrier is broken.
     */
    public static final String BARRIER_ARRIVE = EPOCH + """
            local gen = redis.call('HGET', KEYS[2], 'gen') or '0'
            if redis.call('HGET', KEYS[2], 'broken') == '1' then return {-1, gen, 0} end
            local index = redis.call('HINCRBY', KEYS[2], 'count', 1) - 1
            if index + 1 >= tonumber(ARGV[2]) then return {index, gen, 1} end
            redis.call('RPUSH', KEYS[3], ARGV[3])
            return {index, gen, 0}
            """;

    private static final String BARRIER_WAKE_ALL = """
            local function wakeAll(word)
              for _, t in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
                redis.call('RPUSH', ARGV[2] .. t, word)
                redis.call('PEXPIRE', ARGV[2] .. t, 600000)
              end
              redis.call('DEL', KEYS[3])
            end
            """;

    /** The last party lets the generation pass. KEYS epoch, state, waiters; ARGV epoch, wake prefix. */
    public static final String BARRIER_PASS = EPOCH + BARRIER_WAKE_ALL + """
            wakeAll('ok')
            redis.call('HSET', KEYS[2], 'count', 0)
            redis.call('HINCRBY', KEYS[2], 'gen', 1)
            return 1
            """;

    /**
     * Breaks the barrier (an abort, a failed action, a timeout or an interrupt): every waiter
     * wakes with 'broken'. With a generation in ARGV[3], only while that generation has not
     * passed (CyclicBarrier's rule: a waiter whose generation passed returns normally).
     * KEYS epoch, state, waiters; ARGV epoch, wake prefix, generation or '' → 1 broken, 0 passed.
     */
    public static final String BARRIER_BREAK = EPOCH + BARRIER_WAKE_ALL + """
            if ARGV[3] ~= '' and (redis.call('HGET', KEYS[2], 'gen') or '0') ~= ARGV[3] then return 0 end
            wakeAll('broken')
            redis.call('HSET', KEYS[2], 'broken', 1, 'count', 0)
            return 1
            """;

    /** Breaks the waiting generation, then starts a fresh one. KEYS epoch, state, waiters; ARGV epoch, wake prefix. */
    public static final String BARRIER_RESET = EPOCH + BARRIER_WAKE_ALL + """
            wakeAll('broken')
            redis.call('HSET', KEYS[2], 'broken', 0, 'count', 0)
            redis.call('HINCRBY', KEYS[2], 'gen', 1)
            return 1
            """;

    /** KEYS epoch, state; ARGV epoch → {count, broken 0|1}. */
    public static final String BARRIER_STATE = EPOCH + """
            return {tonumber(redis.call('HGET', KEYS[2], 'count') or '0'), tonumber(redis.call('HGET', KEYS[2], 'broken') or '0')}
            """;

    /** KEYS epoch, value; ARGV epoch → the value's text. */
    public static final String VALUE_GET = EPOCH + """
            return redis.call('GET', KEYS[2])
            """;

    /** KEYS epoch, value; ARGV epoch, text → sets it. */
    public static final String VALUE_SET = EPOCH + """
            redis.call('SET', KEYS[2], ARGV[2])
            return 1
            """;

    /**
     * Adds to an integer of ARGV[3] bits (at most 32: exact in Lua's numbers), wrapping as Java's
     * int, short and byte do. KEYS epoch, value; ARGV epoch, delta, bits → the new value.
     */
    public static final String VALUE_ADD = EPOCH + """
            local n = tonumber(redis.call('GET', KEYS[2])) + tonumber(ARGV[2])
            local m = 2 ^ tonumber(ARGV[3])
            if n >= m / 2 then n = n - m elseif n < -m / 2 then n = n + m end
            redis.call('SET', KEYS[2], string.format('%d', n))
            return n
            """;

    /**
     * Adds to a 64-bit integer with INCRBY (exact; Lua's numbers are not), answering the new
     * value's text. KEYS epoch, value; ARGV epoch, delta → the text, or error MP4J_OVERFLOW when
     * it would leave the 64-bit range (the caller then wraps as Java's long does).
     */
    public static final String VALUE_INCRBY = EPOCH + """
            local r = redis.pcall('INCRBY', KEYS[2], ARGV[2])
            if type(r) == 'table' and r.err then return redis.error_reply('MP4J_OVERFLOW ' .. r.err) end
            return redis.call('GET', KEYS[2])
            """;

    /** KEYS epoch, value; ARGV epoch, expected text, new text → 1 swapped, 0 not. */
    public static final String VALUE_CAS = EPOCH + """
            if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
            redis.call('SET', KEYS[2], ARGV[3])
            return 1
            """;

    /** KEYS epoch, array; ARGV epoch, from (0-based), values... → writes a range (bounds checked by the caller). */
    public static final String ARRAY_SET_RANGE = EPOCH + """
            for i = 3, #ARGV do redis.call('LSET', KEYS[2], tonumber(ARGV[2]) + i - 3, ARGV[i]) end
            return 1
            """;

    /** KEYS epoch, array; ARGV epoch, from, to (inclusive) → the elements' texts. */
    public static final String ARRAY_RANGE = EPOCH + """
            return redis.call('LRANGE', KEYS[2], ARGV[2], ARGV[3])
            """;

    /** A copy of a pipe's sending end is held. KEYS holders; ARGV copy id, the holder's lease key. */
    public static final String PIPE_HOLD = """
            return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            """;

    /**
     * A copy of a pipe's sending end is closed; when it was the last holder, the end of stream
     * follows the data. KEYS holders, list; ARGV copy id → holders left, -1 it was released already
     * (taken for dead by a reader's {@link #PIPE_REAP}).
     */
    public static final String PIPE_RELEASE = """
            if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return -1 end
            local n = redis.call('HLEN', KEYS[1])
            if n == 0 then redis.call('RPUSH', KEYS[2], 'E') end
            return n
            """;

    /**
     * A reader found its list empty: the copies of the sending end whose lease key is gone (their
     * JVM died, or exited without closing them) are released; when that leaves none, the end of
     * stream follows the data. KEYS holders, list → the number released.
     */
    public static final String PIPE_REAP = """
            local h = redis.call('HGETALL', KEYS[1])
            local dead = 0
            for i = 1, #h, 2 do
              if redis.call('EXISTS', h[i + 1]) == 0 then
                redis.call('HDEL', KEYS[1], h[i])
                dead = dead + 1
              end
            end
            if dead > 0 and redis.call('HLEN', KEYS[1]) == 0 then redis.call('RPUSH', KEYS[2], 'E') end
            return dead
            """;
}
