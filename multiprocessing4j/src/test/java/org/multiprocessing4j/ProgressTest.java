package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress reporting of pool maps, and the terminal progress bar. */
@ExtendWith(NoLeftoverProcesses.class)
class ProgressTest {

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void mapReportsEveryChunkUpToTheTotal() {
        var events = new CopyOnWriteArrayList<ProgressListener.Progress>();
        try (var pool = Pool.builder().processes(2).progress(events::add).build()) {
            SerializableFunction<Integer, Integer> id = v -> v;
            pool.map(id, range(100), 10);
        }
        assertEquals(10, events.size(), "one report per chunk");
        long previous = 0;
        for (var e : events) {
            assertEquals("map", e.operation());
            assertEquals(100, e.total());
            assertTrue(e.done() > previous, "done only grows");
            previous = e.done();
        }
        assertTrue(events.getLast().finished());
        assertEquals(1, events.stream().mapToLong(ProgressListener.Progress::job).distinct().count());
    }

    @Test
    void imapReportsAnUnknownTotalUntilTheInputEnds() {
        var events = new CopyOnWriteArrayList<ProgressListener.Progress>();
        try (var pool = Pool.builder().processes(2).startMethod("thread").progress(events::add).build()) {
            SerializableFunction<Integer, Integer> id = v -> v;
            pool.imap(id, range(20), 5).forEachRemaining(v -> { });
        }
        assertTrue(events.stream().anyMatch(e -> e.total() == -1 || e.total() == 20));
        var last = events.getLast();
        assertEquals(20, last.done());
        assertEquals(20, last.total());
        assertTrue(last.finished());
    }

    @Test
    void theBarDrawsInPlaceAndEndsTheLineWhenFinished() {
        var bytes = new ByteArrayOutputStream();
        var bar = ProgressBar.to(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        bar.progress(new ProgressListener.Progress(1, "map", 50, 200, 1_000_000_000L));
        bar.progress(new ProgressListener.Progress(1, "map", 200, 200, 2_000_000_000L));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rmap [########"), out);
        assertTrue(out.contains(" 25%  50/200  50/s  ETA 3s"), out);
        assertTrue(out.contains("100%  200/200  100/s") && out.endsWith(System.lineSeparator()), out);
        assertFalse(ProgressBar.render(new ProgressListener.Progress(2, "imap", 7, -1, 1_000_000_000L)).contains("%"));
    }
}
