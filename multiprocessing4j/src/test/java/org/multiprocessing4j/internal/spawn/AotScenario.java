package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.testing.Await;
import org.multiprocessing4j.testing.Delays;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A root JVM for {@link AotCacheTest}, started with {@code -Dmultiprocessing4j.aot=true} and a
 * cache directory of the test's. It prints {@code key=value} lines: how its children started.
 */
public final class AotScenario {

    static final String CLASS_LOG = "classes.log";

    private AotScenario() {}

    public static void main(String[] args) {
        if (args[0].equals("pool-only")) {
            // the only children are a pool's workers, whose starts run on the pool's daemon
            // threads; main returns at once after: the JVM still waits for its cache's build
            try (var pool = Pool.builder().processes(1).startMethod("spawn").build()) {
                SerializableFunction<Integer, Integer> square = x -> x * x;
                System.out.println("pool=" + pool.map(square, List.of(1, 2)));
            }
            return;
        }
        if (args[0].equals("await-cache")) {
            report("first"); // starts the build, runs without the cache
            Await.until("the AOT cache is built", Delays.seconds(120), () -> cacheFile() != null);
            System.out.println("cache=" + cacheFile());
        }
        report("next");
    }

    /**
     * Runs a child that says whether it runs with the AOT cache and its classes only from jars, and loads a
     * class of the manager client and one of a pool worker (whose origins, the cache or a jar, go
     * to a class-loading log in the cache directory: {@value #CLASS_LOG}).
     */
    private static void report(String name) {
        Path classLog = AotCache.directory().resolve(name + "-" + CLASS_LOG);
        var p = Process.builder().name(name).jvmArgs("-Xlog:class+load=info:file=" + classLog).target(() -> {
            boolean aot = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-XX:AOTCache="));
            // the classes come from jars: the only directory allowed is the session's shipping
            // directory for classes defined in memory, appended last and empty here
            Path shipping = ChildClassPath.shippingDirectory();
            boolean jarsOnly = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .noneMatch(e -> Files.isDirectory(Path.of(e)) && !Path.of(e).equals(shipping));
            try {
                Class.forName("org.multiprocessing4j.internal.manager.ClientEndpoint");
                Class.forName("org.multiprocessing4j.internal.pool.ChunkCodec");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            System.out.println(name + "=aot:" + aot + ",jars-only:" + jarsOnly);
            System.out.flush();
        }).build();
        p.start();
        p.join();
        System.out.println(name + "-exit=" + p.exitCode());
        System.out.flush();
    }

    private static Path cacheFile() {
        try (Stream<Path> files = Files.list(AotCache.directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
