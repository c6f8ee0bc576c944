package org.multiprocessing4j.internal.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Book-keeping of pipe ends in transit (see {@link RecipientExports}).
 */
public final class Connections {

    private Connections() {}

    /**
     * The pipe ends one thread exports (serialises) for one recipient, a child being started,
     * between {@link #open()} and {@link #close()}. An export waits for its claim at most
     * {@link RingEnd#CLAIM_LIMIT}; a recipient that is gone can never claim it, so
     * {@link #withdrawWhen} withdraws whatever it left unclaimed as soon as it is gone, and the
     * peer sees the end of the stream at once.
     */
    public static final class RecipientExports implements AutoCloseable {

        private static final ThreadLocal<RecipientExports> CURRENT = new ThreadLocal<>();

        private final List<Runnable> withdrawals = new ArrayList<>();
        private final RecipientExports outer;
        private boolean tied;

        private RecipientExports(RecipientExports outer) {
            this.outer = outer;
        }

        /** Starts collecting on this thread. */
        public static RecipientExports open() {
            var scope = new RecipientExports(CURRENT.get());
            CURRENT.set(scope);
            return scope;
        }

        /** Called by an export: how to withdraw it if it is still unclaimed (idempotent). */
        static void collect(Runnable withdraw) {
            var scope = CURRENT.get();
            if (scope != null) {
                scope.withdrawals.add(withdraw);
            }
        }

        /** Whether any pipe end was exported since {@link #open()}. */
        public boolean isEmpty() {
            return withdrawals.isEmpty();
        }

        /** Withdraws the still-unclaimed exports when {@code recipientGone} completes, either way. */
        public void withdrawWhen(CompletionStage<?> recipientGone) {
            tied = true;
            var all = List.copyOf(withdrawals);
            recipientGone.whenComplete((v, e) -> all.forEach(Runnable::run));
        }

        /** Stops collecting; without {@link #withdrawWhen} (the start failed) withdraws them now. */
        @Override
        public void close() {
            CURRENT.set(outer);
            if (!tied) {
                withdrawals.forEach(Runnable::run);
            }
        }
    }
}
