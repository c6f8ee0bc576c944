package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;

/**
 * Four booking agents sell seats from one shared count, with no lock: each reads the count,
 * checks it, and writes it back decremented. Between the read and the write another agent may
 * sell the same seat, so more tickets are sold than there are seats. {@link TicketBookingWithLock}
 * is the same program with a {@code Lock}.
 *
 * <p>The shared count lives in a memory-mapped file, the plainest shared memory there is;
 * {@link TicketBookingWithLock} uses the library's {@code Value} instead.
 */
public final class TicketBookingRace {

    private TicketBookingRace() {}

    static final int SEATS = 200_000;
    static final int AGENTS = 4;

    /** Int slots: 0 = seats left; 1 + i = tickets agent i sold; 1 + AGENTS + i = agent i is ready. */
    static final int SLOTS = 1 + 2 * AGENTS;
    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    static MappedByteBuffer map(String file) {
        try (var ch = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, 4L * SLOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void agent(String file, int id) {
        var shared = map(file);
        // Wait until every agent's JVM is up, so that they really sell at the same time.
        INT.setVolatile(shared, 4 * (1 + AGENTS + id), 1);
        for (int other = 0; other < AGENTS; other++) {
            while ((int) INT.getVolatile(shared, 4 * (1 + AGENTS + other)) == 0) {
                Thread.onSpinWait();
            }
        }
        int sold = 0;
        while (true) {
            int left = (int) INT.getVolatile(shared, 0);   // read the count
            if (left <= 0) {
                break;
            }
            INT.setVolatile(shared, 0, left - 1);          // write it back: another agent may have sold this seat too
            sold++;
        }
        INT.setVolatile(shared, 4 * (1 + id), sold);
    }

    public static void main(String[] args) throws IOException {
        Path file = Files.createTempFile("tickets-", ".bin");
        try {
            Files.write(file, new byte[4 * SLOTS]);
            var shared = map(file.toString());
            INT.setVolatile(shared, 0, SEATS);
            String name = file.toString();
            var agents = new ArrayList<Process>();
            for (int i = 0; i < AGENTS; i++) {
                int id = i;
                agents.add(new Process(() -> agent(name, id), "agent-" + i));
            }
            agents.forEach(Process::start);
            agents.forEach(Process::join);
            int total = 0;
            for (int i = 0; i < AGENTS; i++) {
                int sold = (int) INT.getVolatile(shared, 4 * (1 + i));
                total += sold;
                System.out.println("agent-%d sold %d tickets".formatted(i, sold));
            }
            System.out.println("%d tickets sold for %d seats%s".formatted(total, SEATS, total > SEATS
                    ? ": overbooked by " + (total - SEATS) + ", the race a Lock prevents"
                    : " (no overlap this time: run it again, the race is real)"));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
