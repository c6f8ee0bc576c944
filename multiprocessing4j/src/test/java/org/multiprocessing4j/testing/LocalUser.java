package org.multiprocessing4j.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second local user made for one test with {@code useradd} (a unique name, no home, no login
 * shell) and removed with {@code userdel} on {@link #close()}. Commands and JVMs run as that user
 * through {@code setpriv}. {@link #create()} skips the test with the reason printed when this JVM
 * is not root or the tools are missing.
 */
public final class LocalUser implements AutoCloseable {

    private final String name;
    private final int uid;
    private final int gid;
    private Path classPath; // copies of the class path entries the user cannot read, made on demand

    private LocalUser(String name, int uid, int gid) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /** Makes the user, or skips the calling test (with the reason printed) where that is impossible. */
    public static LocalUser create() {
        String reason = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            reason = "the test makes a second local user and must run as root (runs as " + System.getProperty("user.name") + ")";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/useradd")) || !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            reason = "useradd or setpriv is missing";
        }
        if (reason != null) {
            System.out.println("[skipped] " + reason);
            Assumptions.abort(reason);
        }
        String name = "mp4jt" + Long.toHexString(System.nanoTime() & 0xffffffL);
        var r = run(List.of("/usr/sbin/useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name));
        if (r.code() != 0) {
            System.out.println("[skipped] useradd failed: " + r.output());
            Assumptions.abort("useradd failed: " + r.output());
        }
        var id = run(List.of("id", "-u", name)).output().strip();
        var gid = run(List.of("id", "-g", name)).output().strip();
        return new LocalUser(name, Integer.parseInt(id), Integer.parseInt(gid));
    }

    public String name() {
        return name;
    }

    public int uid() {
        return uid;
    }

    /** Runs {@code command} as this user; returns its exit code and merged output. */
    public Result run(String... command) {
        var cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    /**
     * Runs {@code main} of the test class path in a JVM as this user; returns its exit code and
     * merged output. The class path entries the user cannot read (the Maven repository under
     * root's home) are copied once to a directory the user can read, removed on close.
     */
    public Result java(Class<?> main, List<String> jvmArgs, String... args) {
        var cmd = new ArrayList<String>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", readableClassPath(), main.getName()));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private String readableClassPath() {
        try {
            if (classPath == null) {
                classPath = Files.createTempDirectory("mp4j-cp-");
                Files.setPosixFilePermissions(classPath, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            var entries = new ArrayList<String>();
            int i = 0;
            for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(e);
                if (Files.isRegularFile(p) && run("test", "-r", e).code() != 0) {
                    Path copy = classPath.resolve((i++) + "-" + p.getFileName());
                    Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    entries.add(copy.toString());
                } else {
                    entries.add(e);
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the user, and the class path copies. */
    @Override
    public void close() {
        // what the user's JVMs leave for a moment (their session watchdogs) ends first
        Await.until("the processes of " + name + " end", Delays.seconds(30), () -> ProcessHandle.allProcesses()
                .noneMatch(h -> h.info().user().map(name::equals).orElse(false)));
        var r = run(List.of("/usr/sbin/userdel", name));
        if (classPath != null) {
            try (Stream<Path> walk = Files.walk(classPath)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (r.code() != 0) {
            throw new AssertionError("userdel " + name + " failed: " + r.output());
        }
    }

    public record Result(int code, String output) {}

    private static Result run(List<String> cmd) {
        try {
            var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(Delays.seconds(120).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("still running after the limit: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
