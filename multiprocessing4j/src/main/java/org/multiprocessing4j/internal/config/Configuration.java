package org.multiprocessing4j.internal.config;

import java.util.List;

/**
 * Every system property of multiprocessing4j, declared once: its name ({@code *_PROP_NAME}),
 * its default ({@code *_DEFAULT}, where one value is the default) and its meaning, read through
 * the accessor below it (Aeron's {@code Configuration} style). {@link #PROPERTIES} lists them
 * all for README's table, which a test keeps equal to {@link #markdownTable()}.
 *
 * <p>Properties are read when used, not cached here, so a test may set one before the code that
 * reads it runs; each reader documents when that is. Child JVMs receive every
 * {@value #PREFIX}{@code *} property of their parent on their command line, so a tree agrees.
 * An invalid value raises {@link IllegalArgumentException} naming the property and the value.
 */
public final class Configuration {

    /** The prefix of every property; a parent passes the properties with it to its children. */
    public static final String PREFIX = "multiprocessing4j.";

    /** A property as README's table shows it. */
    public record Property(String name, String defaultValue, String meaning) {}

    /** {@code fory} or {@code jdk}: the serializer of messages and process payloads. */
    public static final String SERIALIZER_PROP_NAME = PREFIX + "serializer";
    /** Unset means Fory when it is on the class path, otherwise JDK serialisation. */
    public static final String SERIALIZER_FORY = "fory";
    public static final String SERIALIZER_JDK = "jdk";

    /** {@code futex} (Linux) or {@code spin} (portable spin + park backoff): how waiters sleep. */
    public static final String WAIT_PROP_NAME = PREFIX + "wait";
    public static final String WAIT_DEFAULT = "futex";
    public static final String WAIT_SPIN = "spin";

    /** How long a waiter spins before it sleeps, in nanoseconds. */
    public static final String SPIN_NANOS_PROP_NAME = PREFIX + "spinNanos";
    public static final long SPIN_NANOS_DEFAULT = 30_000L;

    /** How much of the spin is pure busy-waiting before it yields between attempts, in nanoseconds. */
    public static final String BUSY_SPIN_NANOS_PROP_NAME = PREFIX + "busySpinNanos";
    public static final long BUSY_SPIN_NANOS_DEFAULT = 2_000L;

    /** Bytes of frames in the ring of a new queue: a multiple of 8 from 4096 to 2^30. */
    public static final String QUEUE_RING_BYTES_PROP_NAME = PREFIX + "queue.ringBytes";
    public static final long QUEUE_RING_BYTES_DEFAULT = 16L << 20;
    public static final long QUEUE_RING_BYTES_MIN = 4096;
    public static final long QUEUE_RING_BYTES_MAX = 1L << 30;

    /** Bytes of frames in each direction's ring of a new pipe: a multiple of 8 from 4096 to 2^30. */
    public static final String PIPE_RING_BYTES_PROP_NAME = PREFIX + "pipe.ringBytes";
    public static final long PIPE_RING_BYTES_DEFAULT = 1L << 20;

    /** The directory under which session directories are made. */
    public static final String SESSION_ROOT_PROP_NAME = PREFIX + "sessionRoot";

    /** How many spare JVMs the {@code warm} start method keeps started ahead: an integer >= 0. */
    public static final String WARM_SPARES_PROP_NAME = PREFIX + "warm.spares";
    public static final int WARM_SPARES_DEFAULT = 2;

    /** {@code false}: children start without the AOT cache that is otherwise built in the background. */
    public static final String AOT_PROP_NAME = PREFIX + "aot";
    public static final boolean AOT_DEFAULT = true;

    /** The directory of the AOT caches. */
    public static final String AOT_DIR_PROP_NAME = PREFIX + "aot.dir";

    /** {@code false}: children arm their parent-death signal themselves instead of through {@code setpriv}. */
    public static final String CHILD_SETPRIV_PROP_NAME = PREFIX + "child.setpriv";
    public static final boolean CHILD_SETPRIV_DEFAULT = true;

    /** {@code default} or {@code short-lived}: extra JVM flags for children. */
    public static final String CHILD_TUNING_PROP_NAME = PREFIX + "child.tuning";
    public static final String CHILD_TUNING_DEFAULT = "default";
    public static final String CHILD_TUNING_SHORT_LIVED = "short-lived";

    /** Every property, in README's order. */
    public static final List<Property> PROPERTIES = List.of(
            new Property(SERIALIZER_PROP_NAME, "`fory` (`jdk` without Fory on the class path)",
                    "`fory` or `jdk`: the serializer of messages and process payloads; `jdk` restricts everything to JDK serialisation"),
            new Property(WAIT_PROP_NAME, "`futex` on Linux",
                    "`spin` selects the portable spin + park wait instead of the Linux futex; every process of a tree must agree"),
            new Property(SPIN_NANOS_PROP_NAME, "`" + SPIN_NANOS_DEFAULT + "`",
                    "how long a waiter spins before it sleeps, in nanoseconds"),
            new Property(BUSY_SPIN_NANOS_PROP_NAME, "`" + BUSY_SPIN_NANOS_DEFAULT + "`",
                    "how much of that spin is pure busy-waiting before it yields between attempts, in nanoseconds"),
            new Property(QUEUE_RING_BYTES_PROP_NAME, "`" + QUEUE_RING_BYTES_DEFAULT + "` (16 MiB)",
                    "bytes of frames in the ring of a new queue, a multiple of 8 from 4096 to 2^30; the file is sparse"),
            new Property(PIPE_RING_BYTES_PROP_NAME, "`" + PIPE_RING_BYTES_DEFAULT + "` (1 MiB)",
                    "bytes of frames in each direction's ring of a new pipe, a multiple of 8 from 4096 to 2^30; the file is sparse"),
            new Property(SESSION_ROOT_PROP_NAME, "`/dev/shm/multiprocessing4j-<uid>` (else under `java.io.tmpdir`)",
                    "the directory under which each process tree's session directory is made; yours alone (mode 0700), or refused"),
            new Property(WARM_SPARES_PROP_NAME, "`" + WARM_SPARES_DEFAULT + "`",
                    "how many spare JVMs the `warm` start method keeps started ahead"),
            new Property(AOT_PROP_NAME, "`" + AOT_DEFAULT + "`",
                    "`false`: children start without the Java 25 AOT cache that is otherwise built once per class path in the background and used once verified (see Fast start-up)"),
            new Property(AOT_DIR_PROP_NAME, "`~/.cache/multiprocessing4j/aot` (under `XDG_CACHE_HOME` if set)",
                    "where the AOT caches are kept; yours alone (mode 0700), or refused with a warning"),
            new Property(CHILD_SETPRIV_PROP_NAME, "`" + CHILD_SETPRIV_DEFAULT + "`",
                    "`false`: a child arms its parent-death signal itself (its first native call, ~0.2 s of CPU) instead of being started through util-linux's `/usr/bin/setpriv --pdeathsig KILL`, which is used when present"),
            new Property(CHILD_TUNING_PROP_NAME, "`" + CHILD_TUNING_DEFAULT + "`",
                    "`short-lived`: children run with `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC` (faster start and exit)"));

    private Configuration() {}

    /** {@value #SERIALIZER_PROP_NAME} as set, or null when unset (the caller picks by the class path). */
    public static String serializer() {
        return System.getProperty(SERIALIZER_PROP_NAME);
    }

    /** Whether {@value #WAIT_PROP_NAME} asks for the portable spin + park wait. */
    public static boolean spinWait() {
        return WAIT_SPIN.equals(System.getProperty(WAIT_PROP_NAME));
    }

    /** {@value #SPIN_NANOS_PROP_NAME}; a value that is not a number counts as unset. */
    public static long spinNanos() {
        return Long.getLong(SPIN_NANOS_PROP_NAME, SPIN_NANOS_DEFAULT);
    }

    /** {@value #BUSY_SPIN_NANOS_PROP_NAME}; a value that is not a number counts as unset. */
    public static long busySpinNanos() {
        return Long.getLong(BUSY_SPIN_NANOS_PROP_NAME, BUSY_SPIN_NANOS_DEFAULT);
    }

    /**
     * {@value #QUEUE_RING_BYTES_PROP_NAME}, or its default.
     *
     * @throws IllegalArgumentException if it is not a multiple of 8 between
     *         {@value #QUEUE_RING_BYTES_MIN} and {@value #QUEUE_RING_BYTES_MAX}
     */
    public static long queueRingBytes() {
        return ringBytes(QUEUE_RING_BYTES_PROP_NAME, QUEUE_RING_BYTES_DEFAULT);
    }

    /**
     * {@value #PIPE_RING_BYTES_PROP_NAME}, or its default.
     *
     * @throws IllegalArgumentException if it is not a multiple of 8 between
     *         {@value #QUEUE_RING_BYTES_MIN} and {@value #QUEUE_RING_BYTES_MAX}
     */
    public static long pipeRingBytes() {
        return ringBytes(PIPE_RING_BYTES_PROP_NAME, PIPE_RING_BYTES_DEFAULT);
    }

    private static long ringBytes(String property, long defaultBytes) {
        String v = System.getProperty(property);
        if (v == null) {
            return defaultBytes;
        }
        long c;
        try {
            c = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            c = -1;
        }
        if (c < QUEUE_RING_BYTES_MIN || c > QUEUE_RING_BYTES_MAX || c % 8 != 0) {
            throw new IllegalArgumentException(property + " must be a multiple of 8 between "
                    + QUEUE_RING_BYTES_MIN + " and " + QUEUE_RING_BYTES_MAX + ": " + property + "=" + v);
        }
        return c;
    }

    /** {@value #SESSION_ROOT_PROP_NAME} as set, or null when unset or blank. */
    public static String sessionRoot() {
        return nonBlank(SESSION_ROOT_PROP_NAME);
    }

    /**
     * {@value #WARM_SPARES_PROP_NAME}, or its default when unset or blank.
     *
     * @throws IllegalArgumentException if it is not an integer >= 0
     */
    public static int warmSpares() {
        String v = System.getProperty(WARM_SPARES_PROP_NAME);
        if (v == null || v.isBlank()) {
            return WARM_SPARES_DEFAULT;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(WARM_SPARES_PROP_NAME + " must be an integer >= 0: " + WARM_SPARES_PROP_NAME + "=" + v);
    }

    /** {@value #AOT_PROP_NAME}: anything but {@code false} (any case) is true. */
    public static boolean aot() {
        return !"false".equalsIgnoreCase(System.getProperty(AOT_PROP_NAME, String.valueOf(AOT_DEFAULT)).strip());
    }

    /** {@value #CHILD_SETPRIV_PROP_NAME}: anything but {@code false} (any case) is true. */
    public static boolean childSetpriv() {
        return !"false".equalsIgnoreCase(System.getProperty(CHILD_SETPRIV_PROP_NAME, String.valueOf(CHILD_SETPRIV_DEFAULT)).strip());
    }

    /** {@value #AOT_DIR_PROP_NAME} as set, or null when unset or blank. */
    public static String aotDir() {
        return nonBlank(AOT_DIR_PROP_NAME);
    }

    /**
     * {@value #CHILD_TUNING_PROP_NAME}: {@value #CHILD_TUNING_DEFAULT} (also when blank) or
     * {@value #CHILD_TUNING_SHORT_LIVED}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static String childTuning() {
        String tuning = System.getProperty(CHILD_TUNING_PROP_NAME, CHILD_TUNING_DEFAULT).strip();
        return switch (tuning) {
            case CHILD_TUNING_DEFAULT, "" -> CHILD_TUNING_DEFAULT;
            case CHILD_TUNING_SHORT_LIVED -> CHILD_TUNING_SHORT_LIVED;
            default -> throw new IllegalArgumentException(CHILD_TUNING_PROP_NAME + " must be '" + CHILD_TUNING_DEFAULT
                    + "' or '" + CHILD_TUNING_SHORT_LIVED + "': " + CHILD_TUNING_PROP_NAME + "=" + tuning);
        };
    }

    /** README's table of {@link #PROPERTIES}: a Markdown table, one row per property, ending with a newline. */
    public static String markdownTable() {
        var b = new StringBuilder("| property | default | meaning |\n|---|---|---|\n");
        for (Property p : PROPERTIES) {
            b.append("| `").append(p.name()).append("` | ").append(p.defaultValue()).append(" | ").append(p.meaning()).append(" |\n");
        }
        return b.toString();
    }

    private static String nonBlank(String name) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? null : v;
    }
}
