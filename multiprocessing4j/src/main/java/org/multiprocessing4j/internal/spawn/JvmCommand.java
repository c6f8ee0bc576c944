package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.wire.ForySerializer;
import org.multiprocessing4j.internal.wire.Serializers;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipFile;

/**
 * The command line of a child JVM (DESIGN.md §2): the {@code java} of this JVM's
 * {@code java.home}, its class path ({@link ChildClassPath}) and module path, the flags that shape the module graph, our {@code multiprocessing4j.*}
 * system properties, the flags every child needs, the optional tuning for short-lived children
 * ({@value Configuration#CHILD_TUNING_PROP_NAME}), then the user's {@code jvmArgs} (last, so they can override), then
 * the process model's main class, which runs {@link ChildMain}. Nothing secret goes here: see {@link Bootstrap}.
 */
final class JvmCommand {

    static final String MODULE = "org.multiprocessing4j";

    /** Flags of this JVM that children must share for the same classes to link the same way. */
    private static final List<String> INHERITED_PREFIXES = List.of(
            "--add-opens", "--add-exports", "--add-reads", "--add-modules", "--patch-module",
            "--limit-modules", "--upgrade-module-path", "--enable-preview", "--illegal-native-access");

    /**
     * What {@link Configuration#CHILD_TUNING_PROP_NAME} {@code short-lived} adds: C1 only and the
     * serial collector, which shortens start-up and exit of children that run for a few seconds
     * at most and costs peak throughput in long-running ones; {@code default} (the default)
     * adds nothing. Per-process {@code jvmArgs} come later on the command line and win.
     */
    static final List<String> SHORT_LIVED_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private JvmCommand() {}

    /**
     * Plans the children's AOT cache ({@link AotCache#forChildren}, which also reads this JVM's
     * flags) on the {@link Launcher} thread, so that the first child's {@link #build} finds it
     * done: ~35 ms of a cold program's first start, which the thread that asked for the child
     * spends meanwhile on the child's socket and payload. Whichever gets there first plans it.
     */
    static void prepareInBackground() {
        String serializer = Serializers.name();
        Launcher.submit(() -> AotCache.forChildren(serializer));
    }

    static List<String> build(List<String> userJvmArgs, String serializer) {
        return build(userJvmArgs, serializer, AotCache.forChildren(serializer));
    }

    /** The command of a child started as {@code aot} says: with the AOT cache, training it, or plain. */
    static List<String> build(List<String> userJvmArgs, String serializer, AotCache.Launch aot) {
        var cmd = new ArrayList<String>();
        cmd.add(javaExecutable());
        cmd.addAll(linkFlags(serializer));
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            if (e.getKey() instanceof String k && k.startsWith(Configuration.PREFIX)) {
                cmd.add("-D" + k + "=" + e.getValue());
            }
        }
        cmd.addAll(aot.flags());
        String base = aot.classPath() != null ? aot.classPath() : System.getProperty("java.class.path", "");
        String classPath = ChildClassPath.classPath(base);
        cmd.addAll(selectorProviderFlag(base, classPath));
        cmd.addAll(userJvmArgs);
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        if (!modulePath.isEmpty()) {
            cmd.add("--module-path");
            cmd.add(modulePath);
            cmd.add("--add-modules");
            cmd.add("ALL-MODULE-PATH");
        }
        if (isNamedModule()) {
            cmd.add("-m");
            cmd.add(MODULE + "/" + ChildRunner.Holder.get().mainClass().getName());
        } else {
            cmd.add(ChildRunner.Holder.get().mainClass().getName());
        }
        return cmd;
    }

    /**
     * The flags that decide how a child's classes link: native access, Fory's use of Unsafe,
     * this JVM's module flags, the tuning. An AOT cache is only valid for the flags it was
     * created with, so they are part of its key.
     */
    static List<String> linkFlags(String serializer) {
        var flags = new ArrayList<String>();
        flags.add("--enable-native-access=" + (isNamedModule() ? MODULE : "ALL-UNNAMED"));
        if (ForySerializer.NAME.equals(serializer)) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (INHERITED_PREFIXES.stream().anyMatch(arg::startsWith)) {
                flags.add(arg);
            }
        }
        flags.addAll(tuningFlags());
        return flags;
    }

    /**
     * {@code -Djava.nio.channels.spi.SelectorProvider=<this JVM's provider>} when a child would
     * find the same one anyway, else nothing. It would when this JVM's provider is the JDK's own
     * (so no jar of {@code java.class.path} declares one as a service) and every other entry of
     * the child's class path declares none either: {@code base} ({@code java.class.path}, or the
     * AOT cache's copy of it, its class directories jarred) and the shipping directory of class
     * files are known; any other entry (a plugin's directory or jar that a class reaching a child
     * brought in, see {@link ChildClassPath#ensureReachable}) is looked into, once per jar.
     *
     * <p>Why: without the property, a child's first socket channel (a spare's or a pool
     * worker's link, before {@code run()}) makes the JDK look for a {@code SelectorProvider}
     * service on the whole class path, opening every jar on it and reading each one's central directory. A child
     * started from the AOT cache has opened no jar until then; on the benchmark runner's
     * class path (38 jars, 19 000 entries) that search was a large part of the child's CPU
     * before {@code run()}. A user's own {@code -D} in {@code jvmArgs} comes later and wins.
     */
    static List<String> selectorProviderFlag(String base, String childClassPath) {
        Class<?> provider = SelectorProvider.provider().getClass();
        if (provider.getModule() != Object.class.getModule()) {
            return List.of();
        }
        var known = new HashSet<String>(List.of(base.split(File.pathSeparator)));
        known.addAll(List.of(System.getProperty("java.class.path", "").split(File.pathSeparator)));
        known.add(ChildClassPath.shippingDirectory().toString());
        for (String entry : childClassPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !known.contains(entry) && declaresSelectorProvider(entry)) {
                return List.of();
            }
        }
        return List.of("-D" + SELECTOR_PROVIDER_PROP_NAME + "=" + provider.getName());
    }

    /** Where a class path entry declares a {@link SelectorProvider} service. */
    private static final String SELECTOR_PROVIDER_SERVICE = "META-INF/services/" + SelectorProvider.class.getName();

    /** What {@link #declaresSelectorProvider} found in a jar, by path, size and modification time. */
    private static final Map<String, Boolean> JARS_LOOKED_INTO = new ConcurrentHashMap<>();

    /**
     * Whether a child would find a {@link SelectorProvider} service in this class path entry: a
     * directory with the service file, or a jar (any regular file) with that entry or that cannot
     * be read as one, or a path this JVM cannot even name (the child's JVM would decide, so the
     * flag is left out). A missing entry declares nothing.
     */
    static boolean declaresSelectorProvider(String classPathEntry) {
        Path entry;
        try {
            entry = Path.of(classPathEntry);
        } catch (InvalidPathException e) {
            return true;
        }
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(SELECTOR_PROVIDER_SERVICE));
        }
        try {
            return JARS_LOOKED_INTO.computeIfAbsent(entry + "|" + AotCache.fileStamp(entry), k -> {
                try (var jar = new ZipFile(entry.toFile())) {
                    return jar.getEntry(SELECTOR_PROVIDER_SERVICE) != null;
                } catch (IOException e) {
                    return true;
                }
            });
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The JDK's property that names the {@link SelectorProvider} class. */
    static final String SELECTOR_PROVIDER_PROP_NAME = "java.nio.channels.spi.SelectorProvider";

    static boolean isNamedModule() {
        return JvmCommand.class.getModule().isNamed();
    }

    static List<String> tuningFlags() {
        return Configuration.CHILD_TUNING_SHORT_LIVED.equals(Configuration.childTuning()) ? SHORT_LIVED_FLAGS : List.of();
    }

    /**
     * The JDK's own launcher, {@code <java.home>/bin/java}: not this process's executable, which
     * is {@code jshell}, an IDE's or a native launcher in some programs.
     */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
