#!/usr/bin/env python3
"""CPython's side of the runner's workloads that ../shared/bench/cpython_baseline.py lacks, in the
same output format (name<TAB>figure<TAB>unit). bench/compare runs it after the baseline, with the
same start method as its argument.

  pool_cold_first_map_ms  construction of a Pool(2) + its first map of 1 000 tiny tasks, worker
                          start included: what `with Pool(2) as p: p.map(square, range(1000))`
                          costs a program (PoolStartWorkloads.poolColdFirstMap is ours)
"""
import multiprocessing as mp
import sys
import time


def square(x):
    return x * x


def report(name, value, unit):
    print(f"{name}\t{value:.3f}\t{unit}", flush=True)


def main():
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    ctx = mp.get_context(method)
    t0 = time.perf_counter()
    pool = ctx.Pool(2)
    out = pool.map(square, range(1000))
    t1 = time.perf_counter()
    pool.close()
    pool.join()
    t2 = time.perf_counter()
    assert out[999] == 999 * 999
    report("pool_cold_first_map_ms", (t1 - t0) * 1e3, "ms")
    print(f"# pool_cold_first_map_ms: close() + join() after it {(t2 - t1) * 1e3:.1f} ms", flush=True)


if __name__ == "__main__":
    main()
