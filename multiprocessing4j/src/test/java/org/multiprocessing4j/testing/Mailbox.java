package org.multiprocessing4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * How a child tells the test what it saw, before the library has queues: one file per key in a
 * directory whose path (a String, so a lambda can capture it) the test hands to the child. Each
 * value is written to a temporary file and moved into place, so a reader never sees half of it.
 */
public final class Mailbox {

    private Mailbox() {}

    public static String create() {
        try {
            return Files.createTempDirectory("mp4j-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Called in the child. */
    public static void put(String box, String key, Object value) {
        try {
            Path tmp = Files.createTempFile(Path.of(box), key, ".tmp");
            Files.writeString(tmp, String.valueOf(value), StandardCharsets.UTF_8);
            Files.move(tmp, Path.of(box, key), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value under {@code key}, or null if none was put. */
    public static String get(String box, String key) {
        try {
            Path p = Path.of(box, key);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a value arrives under {@code key}. */
    public static String await(String box, String key, Duration limit) {
        Await.until(key + " arrives in " + box, limit, () -> Files.exists(Path.of(box, key)));
        return get(box, key);
    }

    public static void delete(String box) {
        try (var walk = Files.walk(Path.of(box))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
