package org.multiprocessing4j.examples;

import org.multiprocessing4j.Condition;
import org.multiprocessing4j.IntValue;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Value;

import java.time.Duration;
import java.util.ArrayList;

/**
 * Stage-2 processes wait on a {@link Condition} until the stage-1 process has finished and
 * signals them all.
 *
 * <pre>{@code
 * def stage_1(cond):
 *     with cond: print("stage 1 done"); cond.notify_all()
 * def stage_2(cond):
 *     with cond: cond.wait(); print("stage 2 running")
 * }</pre>
 */
public final class ConditionStages {

    private ConditionStages() {}

    static void stage1(Condition cond, IntValue stage) {
        cond.acquire();
        try {
            System.out.println("stage 1 (%s) done, signalling stage 2".formatted(Multiprocessing.currentProcess().getName()));
            System.out.flush();
            stage.set(1);
            cond.signalAll();
        } finally {
            cond.release();
        }
    }

    static void stage2(Condition cond, IntValue stage) {
        cond.acquire();
        try {
            // waitFor re-checks the stage, so it works whether stage 1 signalled before or after.
            cond.waitFor(() -> stage.get() == 1, Duration.ofSeconds(60));
            System.out.println("stage 2 (%s) running after stage 1".formatted(Multiprocessing.currentProcess().getName()));
            System.out.flush();
        } finally {
            cond.release();
        }
    }

    public static void main(String[] args) {
        var cond = Multiprocessing.condition();
        var stage = Value.ofInt(0, false);
        var procs = new ArrayList<Process>();
        for (int i = 0; i < 2; i++) {
            procs.add(new Process(() -> stage2(cond, stage), "stage2-" + i));
        }
        procs.add(new Process(() -> stage1(cond, stage), "stage1"));
        procs.forEach(Process::start);
        procs.forEach(Process::join);
    }
}
