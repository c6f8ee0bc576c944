package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.internal.config.Configuration;

/**
 * Chooses the process-wide serializer: the system property
 * {@value Configuration#SERIALIZER_PROP_NAME} ({@code fory} or {@code jdk}) when given, otherwise Fory when it is on the class path, otherwise JDK streams.
 * Children are told the parent's choice, so both ends of every channel agree.
 */
public final class Serializers {

    private static volatile Serializer defaultSerializer;
    private static String configuredName;
    private static boolean configuredLongLived = true;

    private Serializers() {}

    /** The serializer of this process. */
    public static Serializer get() {
        Serializer s = defaultSerializer;
        if (s == null) {
            synchronized (Serializers.class) {
                s = defaultSerializer;
                if (s == null) {
                    s = byName(name(), configuredLongLived);
                    defaultSerializer = s;
                }
            }
        }
        return s;
    }

    /**
     * Makes {@code name} the serializer of this process; children call it to match their parent,
     * with {@code longLived} false so they skip Fory's code generation.
     */
    public static void use(String name, boolean longLived) {
        synchronized (Serializers.class) {
            configuredName = name;
            configuredLongLived = longLived;
            defaultSerializer = null; // built on first use: a child that never needs it never pays for it
        }
    }

    /** The name of this process's serializer, without building it. */
    public static String name() {
        synchronized (Serializers.class) {
            if (configuredName == null) {
                String configured = Configuration.serializer();
                configuredName = configured != null ? configured : foryAvailable() ? ForySerializer.NAME : JdkSerializer.NAME;
            }
            return configuredName;
        }
    }

    /** A new serializer of the given name; {@code longLived} enables Fory's code generation. */
    public static Serializer byName(String name, boolean longLived) {
        return switch (name) {
            case ForySerializer.NAME -> {
                if (!foryAvailable()) {
                    throw new IllegalArgumentException(
                            Configuration.SERIALIZER_PROP_NAME + "=fory, but org.apache.fory:fory-core is not on the class path");
                }
                yield new ForySerializer(longLived);
            }
            case JdkSerializer.NAME -> new JdkSerializer();
            default -> throw new IllegalArgumentException(
                    Configuration.SERIALIZER_PROP_NAME + " must be 'fory' or 'jdk': " + Configuration.SERIALIZER_PROP_NAME + "=" + name);
        };
    }

    private static boolean foryAvailable() {
        try {
            Class.forName("org.apache.fory.Fory", false, Serializers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
