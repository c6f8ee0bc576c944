package org.multiprocessing4j.reliability;

import org.multiprocessing4j.internal.spawn.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the reliability suite shares: its seeds, its two sizes (CI and soak) and the leak probes.
 *
 * <p>Seeds are deterministic: every scenario draws from {@code new Random(seed ^ scenario)} and
 * prints the seed, so a failure is replayed with {@code -Dmultiprocessing4j.reliability.seed=N}.
 * The soak mode ({@code -Dmultiprocessing4j.soak=true}, or {@code -Psoak}) scales the counts up
 * and, unless a seed is given, takes a fresh one from the clock.
 */
public final class Reliability {

    public static final String SOAK_PROPERTY = "multiprocessing4j.soak";
    public static final String SEED_PROPERTY = "multiprocessing4j.reliability.seed";

    /** Whether the long, hand-run mode is on. */
    public static final boolean SOAK = Boolean.getBoolean(SOAK_PROPERTY);

    /** The suite's seed. */
    public static final long SEED = Long.getLong(SEED_PROPERTY, SOAK ? System.nanoTime() : 0x5EED_2026L);

    private Reliability() {}

    /** {@code ci} in CI, {@code soak} in soak mode. */
    public static int count(int ci, int soak) {
        return SOAK ? soak : ci;
    }

    /** The random source of one scenario, its seed printed for replay. */
    public static Random random(String scenario) {
        long seed = SEED ^ scenario.hashCode();
        System.out.println("[reliability] " + scenario + ": -D" + SEED_PROPERTY + "=" + SEED
                + " (scenario seed " + seed + ", soak=" + SOAK + ")");
        return new Random(seed);
    }

    /** How many file descriptors this JVM has open (Linux: entries of /proc/self/fd). */
    public static int openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the files in this JVM's session directory (empty if it has none yet). */
    public static Set<String> sessionFiles() {
        Path dir = Session.existing();
        if (dir == null || !Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            var names = new TreeSet<String>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (IOException e) {
            return Set.of(); // removed meanwhile
        }
    }

    /** The {@code /dev/shm/mp4j-*} files (named SharedMemory blocks) this JVM's session made and has not unlinked. */
    public static Set<String> namedBlocks() {
        var names = new TreeSet<String>();
        org.multiprocessing4j.testing.NoLeakedSegments.named().forEach(p -> names.add(p.getFileName().toString()));
        return names;
    }
}
