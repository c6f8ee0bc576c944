package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.internal.config.LazyLogger;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.os.OwnerOnly;
import org.multiprocessing4j.internal.wire.Handshake;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * An AOT cache for child JVMs (Java 25 {@code -XX:AOTCache}, JEP 483/514): the classes a child
 * loads and links, already parsed and linked, mapped from a file at start-up. On by default
 * ({@value Configuration#AOT_PROP_NAME}{@code =false} turns it off); the cache lives in {@value Configuration#AOT_DIR_PROP_NAME}
 * (default {@code $XDG_CACHE_HOME/multiprocessing4j/aot}, else {@code ~/.cache/multiprocessing4j/aot}).
 *
 * <p>Rules:
 * <ul>
 *   <li>One cache per (JDK, class path, linking flags), named by a hash of them; a jar that
 *       changes (size or time) or a class directory whose content changes gives a new name, so
 *       a stale cache is never used and a new one is built.</li>
 *   <li>AOT caches refuse directories on the class path, so children run from jars: each class
 *       directory is copied into a jar in the cache directory, named by a hash of its content.</li>
 *   <li>Nothing ever waits for the cache to be built: the first child that wants it starts the
 *       build in the background (a training child that runs {@code AotTraining}, the message
 *       paths of most children, with {@code -XX:AOTMode=record}, then
 *       {@code -XX:AOTMode=create}) and is itself started
 *       without it; children started after the cache is published use it. One JVM at a time
 *       builds a given cache (a file lock); a JVM whose {@code main} returns while it builds
 *       the cache waits for the build (seconds, once).</li>
 *   <li>Verified before use, once per JVM: the cache and the jars made of class directories
 *       must be regular files of this user that no one else may write, in the checked private
 *       directory, and the very files recorded when the cache was made: same inode, size and
 *       modification time ({@code <cache>.stamps}, written before the cache is published). No
 *       other user can write to such a file or replace it, and any write changes its stamp; a
 *       content digest would add nothing against another user and cost the first child of
 *       every program ~120 ms of hashing (21 MB). A cache that fails is removed with a warning
 *       and built anew by the next JVM; children start without it meanwhile.</li>
 *   <li>A cache that cannot be used (corrupt, made by another JVM build, files changed under
 *       it) is ignored by the JVM itself; AOT logging is switched off in children so that this
 *       never shows on the user's stdout or stderr. A failed build is logged at DEBUG level,
 *       its output kept in {@code <cache>.log}, and not retried by this JVM.</li>
 *   <li>The directory keeps the {@value #KEPT_CACHES} newest caches; older ones, and the jars
 *       none of the kept ones runs from, are removed after each build. Before a build, the
 *       unfinished files of builds whose JVM is gone (one that called {@code System.exit}
 *       meanwhile) are removed.</li>
 *   <li>Not used when this JVM runs from the module path, nor for the children of a child
 *       (only the root of a process tree plans and builds caches).</li>
 *   <li>Children run what the directory holds, so it must be this user's alone: it and its
 *       {@code jars} directory are created mode 0700 and checked ({@code lstat}: a real
 *       directory owned by this user, no access for others, nothing above it another user can
 *       rename; see {@code OwnerOnly}) before anything in it is used or written. A directory that
 *       fails the check is refused with a warning saying why, and children start without the
 *       cache.</li>
 * </ul>
 * Thread-safe. Should two JVMs still build the same cache (one finished before the other took the
 * lock), each publishes with an atomic link and the first one wins.
 */
final class AotCache {

    /** Keeps the JVM's AOT and CDS messages off the user's output. */
    static final List<String> QUIET = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");

    private static final System.Logger LOG = LazyLogger.of(AotCache.class);
    private static final long TRAINING_LIMIT_SECONDS = 120;
    private static final long CREATE_LIMIT_SECONDS = 300;
    /** Caches kept in the directory (newest first); every change of the class path makes one. */
    static final int KEPT_CACHES = 8;

    /** How a child JVM is started: extra flags and the class path (null: this JVM's). */
    record Launch(List<String> flags, String classPath) {
        static final Launch PLAIN = new Launch(List.of(), null);
    }

    /** Where the cache of this JVM's children is, once the class path has been turned into jars. */
    record Plan(Path cache, String classPath, List<String> linkFlags) {}

    private static final Object LOCK = new Object();
    private static Plan plan;
    private static boolean planned;
    private static boolean verified;

    /*
     * Implementation overview. forChildren() is on the path of every spawn: after the first call
     * it only reads `plan` and checks that the cache file exists. The first call with the
     * property set makes the plan (jars the class directories, computes the key) and, when the
     * cache is missing, starts one background thread that builds it: a training child through
     * the ordinary launch (so it exercises the real protocol), its output to the log file, then
     * the create step.
     * Both steps write to names unique to this JVM; the result is published by a hard link to
     * the final name, which fails harmlessly if another JVM got there first.
     */

    private AotCache() {}

    /**
     * How to start a child now: with the cache if it is there, otherwise plainly. The first call
     * in a JVM makes the plan (a walk over the class directories; jars them the first time) and,
     * if the cache is missing, starts building it in the background.
     */
    static Launch forChildren(String serializer) {
        if (!Configuration.aot() || !Session.isOwner()) {
            // Only the root of a tree: a child runs from the cache's jars plus its tree's own
            // shipping directory, a class path of its own that would make (and wait at its exit
            // for) a cache per tree. A child's children start without one.
            return Launch.PLAIN;
        }
        Plan p;
        synchronized (LOCK) {
            if (!planned) {
                planned = true;
                plan = makePlan(serializer);
                if (plan != null && !Files.isRegularFile(plan.cache())) {
                    Plan toBuild = plan;
                    // Not a daemon, even when asked from one (a pool boots its workers on daemon threads):
                    // a program that ends soon after its first child still gets its cache.
                    Thread.ofPlatform().daemon(false).name("mp4j-aot-cache").start(() -> build(toBuild, serializer));
                }
            }
            p = plan;
            if (p == null || !Files.isRegularFile(p.cache())) {
                return Launch.PLAIN;
            }
            if (!verified) {
                verified = verify(p);
                if (!verified) {
                    plan = null; // not again in this JVM; the next one builds it anew
                    return Launch.PLAIN;
                }
            }
        }
        var flags = new ArrayList<>(QUIET);
        flags.add("-XX:AOTCache=" + p.cache());
        return new Launch(List.copyOf(flags), p.classPath());
    }

    /**
     * Whether the files a child of {@code p} would run from are as they were made: the cache and
     * the jars in the cache directory are regular files of this user that no one else may write,
     * and their stamps (inode, size, modification time) are those recorded when the cache was
     * made. A cache that fails is
     * removed (with its records), so that the next JVM builds it anew, and a warning says why.
     */
    static boolean verify(Plan p) {
        String problem;
        try {
            problem = check(p);
        } catch (IOException | RuntimeException e) {
            problem = "cannot read it: " + e;
        }
        if (problem == null) {
            return true;
        }
        LOG.log(System.Logger.Level.WARNING, "not using the AOT cache " + p.cache() + ": " + problem
                + "; it is removed and will be built anew");
        try {
            Files.deleteIfExists(p.cache());
            Files.deleteIfExists(stamps(p.cache()));
            Files.deleteIfExists(sidecar(p.cache()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot remove " + p.cache(), e);
        }
        return false;
    }

    /** What is wrong with the files of {@code p}, or null when nothing is. */
    private static String check(Plan p) throws IOException {
        Path record = stamps(p.cache());
        if (!OwnerOnly.isOwnFile(record)) {
            return "its record of stamps " + record + " is missing or not a private file of yours";
        }
        var expected = new java.util.HashMap<String, String>();
        for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (space > 0) {
                expected.put(line.substring(space + 1), line.substring(0, space));
            }
        }
        for (Path f : ownFiles(p)) {
            if (!OwnerOnly.isOwnFile(f)) {
                return f + " is not a regular file of yours that only you may write";
            }
            String stamp = expected.get(f.toString());
            if (stamp == null) {
                return "no stamp of " + f + " was recorded";
            }
            if (!stamp.equals(stampOf(f))) {
                return f + " changed after the cache was made (its inode, size or modification time differs)";
            }
        }
        return null;
    }

    /** The files of {@code p} that the cache directory holds: the cache and the jars made of class directories. */
    private static List<Path> ownFiles(Plan p) {
        var files = new ArrayList<Path>();
        files.add(p.cache());
        Path jars = p.cache().resolveSibling("jars");
        for (String entry : p.classPath().split(File.pathSeparator)) {
            Path e = Path.of(entry);
            if (jars.equals(e.getParent())) {
                files.add(e);
            }
        }
        return files;
    }

    /** Records the stamps of {@code p}'s own files, before the cache is published. */
    private static void recordStamps(Plan p, Path builtCache) throws IOException {
        var text = new StringBuilder();
        for (Path f : ownFiles(p)) {
            Path source = f.equals(p.cache()) ? builtCache : f;
            text.append(stampOf(source)).append(' ').append(f).append('\n');
        }
        Path tmp = Files.createTempFile(p.cache().getParent(), "stamps-", ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, stamps(p.cache()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A file's identity and state, {@code inode:size:mtime}: the same after the cache is
     * published by a link to its name (a link keeps the inode), different after any write or
     * replacement.
     */
    private static String stampOf(Path f) throws IOException {
        var a = Files.readAttributes(f, "unix:ino,size,lastModifiedTime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return a.get("ino") + ":" + a.get("size") + ":" + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
    }

    /** The stamps of a cache's files, next to it. */
    private static Path stamps(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".stamps");
    }

    /** The cache directory. */
    static Path directory() {
        String configured = Configuration.aotDir();
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("multiprocessing4j").resolve("aot");
    }

    private static Plan makePlan(String serializer) {
        if (!System.getProperty("jdk.module.path", "").isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "no AOT cache for children: this JVM runs from the module path");
            return null;
        }
        try {
            return plan(directory(), System.getProperty("java.class.path", ""), JvmCommand.linkFlags(serializer));
        } catch (org.multiprocessing4j.MultiprocessingException e) {
            LOG.log(System.Logger.Level.WARNING, "no AOT cache for children: " + e.getMessage());
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no AOT cache for children: cannot prepare " + directory(), e);
            return null;
        }
    }

    /**
     * Jars the class directories of {@code classPath} and names the cache after everything it
     * depends on.
     *
     * @throws org.multiprocessing4j.MultiprocessingException if {@code dir} or its {@code jars}
     *         directory is not this user's private directory (see the class comment)
     */
    static Plan plan(Path dir, String classPath, List<String> linkFlags) throws IOException {
        if (dir.toAbsolutePath().getParent() != null) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
        }
        String remedy = "Remove it, or set -D" + Configuration.AOT_DIR_PROP_NAME + " to a directory of your own with mode 0700.";
        OwnerOnly.ensureDirectory(dir, "the AOT cache directory", remedy);
        OwnerOnly.ensureDirectory(dir.resolve("jars"), "the AOT cache's jar directory", remedy);
        var entries = new ArrayList<String>();
        var key = new StringBuilder("mp4j-aot-1\n")
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(String.join(" ", linkFlags)).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path e = Path.of(entry).toAbsolutePath().normalize();
            if (Files.isDirectory(e)) {
                e = jarOf(e, dir.resolve("jars"));
            }
            entries.add(e.toString());
            key.append(e).append(' ').append(Files.exists(e) ? fileStamp(e) : "missing").append('\n');
        }
        String name = "children-" + hash(key.toString()).substring(0, 24) + ".aot";
        return new Plan(dir.resolve(name), String.join(File.pathSeparator, entries), linkFlags);
    }

    /** A jar holding the content of {@code classes}, shared by every JVM whose directory has that content. */
    static Path jarOf(Path classes, Path jars) throws IOException {
        var fingerprint = new StringBuilder(classes.toString()).append('\n');
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            fingerprint.append(classes.relativize(f)).append(' ').append(fileStamp(f)).append('\n');
        }
        Path jar = jars.resolve(classes.getFileName() + "-" + hash(fingerprint.toString()).substring(0, 24) + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path tmp = Files.createTempFile(jars, "building-", ".jar");
        try {
            try (var out = new JarOutputStream(Files.newOutputStream(tmp))) {
                for (Path f : files) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            publish(tmp, jar);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return jar;
    }

    /**
     * Training run, then creation; the cache appears under its final name only when complete.
     * One JVM at a time builds a cache (a lock on {@code <cache>.lock}); the others start their
     * children without it until it appears.
     */
    private static void build(Plan p, String serializer) {
        Path lockFile = p.cache().resolveSibling(p.cache().getFileName() + ".lock");
        try (var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.tryLock()) {
            if (lock == null || Files.isRegularFile(p.cache())) {
                return; // another JVM builds it, or has just built it
            }
            OwnerOnly.restrict(lockFile);
            trainAndCreate(p, serializer);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot build the AOT cache " + p.cache(), e);
        }
    }

    private static void trainAndCreate(Plan p, String serializer) throws IOException {
        removeAbandoned(p.cache().getParent());
        String unique = ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(Handshake.newAuthkey(), 0, 4);
        Path conf = p.cache().resolveSibling(p.cache().getFileName() + "." + unique + ".aotconf");
        Path tmp = p.cache().resolveSibling(p.cache().getFileName() + "." + unique + ".tmp");
        Path log = p.cache().resolveSibling(p.cache().getFileName() + ".log");
        Files.deleteIfExists(log);
        var output = ProcessBuilder.Redirect.appendTo(log.toFile());
        try {
            var training = new SpawnPopen.Request("mp4j-aot-training", true, Handshake.newAuthkey(),
                    List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf), Map.of(),
                    ChildRunner.Holder.get().trainingPayload(), serializer, "MainProcess", "spawn");
            var child = SpawnPopen.launch(training, new Launch(QUIET, p.classPath()), output);
            Integer code = awaitExit(child, TRAINING_LIMIT_SECONDS);
            if (code == null || code != 0 || !Files.isRegularFile(conf)) {
                LOG.log(System.Logger.Level.DEBUG, "AOT training run failed (exit code " + code + "), see " + log);
                return;
            }
            var cmd = new ArrayList<String>();
            cmd.add(JvmCommand.javaExecutable());
            cmd.addAll(p.linkFlags());
            cmd.addAll(QUIET);
            // The same class path as the training run's, which JvmCommand extended as it extends every
            // child's (ChildClassPath: the shipping directory); the JVM refuses to create otherwise.
            cmd.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + conf, "-XX:AOTCache=" + tmp,
                    "-cp", ChildClassPath.classPath(p.classPath())));
            var create = new ProcessBuilder(cmd).redirectOutput(output).redirectError(output)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!create.waitFor(CREATE_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                create.destroyForcibly();
                LOG.log(System.Logger.Level.DEBUG, "AOT cache creation took too long, see " + log);
                return;
            }
            if (create.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                LOG.log(System.Logger.Level.DEBUG, "AOT cache creation failed (exit code " + create.exitValue() + "), see " + log);
                return;
            }
            OwnerOnly.restrict(tmp); // 0600 like the jars (made by createTempFile)
            recordStamps(p, tmp); // before the cache appears: whoever sees it can verify it
            publish(tmp, p.cache());
            Files.writeString(sidecar(p.cache()), p.classPath());
            OwnerOnly.restrict(sidecar(p.cache()));
            LOG.log(System.Logger.Level.DEBUG, "AOT cache for children: " + p.cache());
            prune(p.cache().getParent(), KEPT_CACHES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(conf);
            Files.deleteIfExists(tmp);
        }
    }

    private static Integer awaitExit(SpawnPopen child, long seconds) throws InterruptedException {
        if (!child.await(java.time.Duration.ofSeconds(seconds))) {
            child.kill();
            return null;
        }
        return child.exitCode();
    }

    /**
     * Keeps the {@code kept} newest caches of {@code dir} and removes the others with their logs,
     * and the jars no cache kept runs from (unless made in the last hour: a JVM may be about to
     * build a cache from it). A JVM running from a removed file keeps its mapping.
     */
    static void prune(Path dir, int kept) throws IOException {
        List<Path> caches;
        try (Stream<Path> files = Files.list(dir)) {
            caches = files.filter(f -> f.getFileName().toString().matches("children-[0-9a-f]+\\.aot"))
                    .sorted(Comparator.comparing(AotCache::modified).reversed()).toList();
        }
        for (Path old : caches.subList(Math.min(kept, caches.size()), caches.size())) {
            Files.deleteIfExists(old);
            Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".log"));
            Files.deleteIfExists(sidecar(old));
            Files.deleteIfExists(stamps(old));
            Files.deleteIfExists(old.resolveSibling(old.getFileName() + ".lock"));
        }
        var used = new HashSet<String>();
        for (Path cache : caches.subList(0, Math.min(kept, caches.size()))) {
            if (Files.isRegularFile(sidecar(cache))) {
                used.addAll(List.of(Files.readString(sidecar(cache)).split(File.pathSeparator)));
            }
        }
        Path jars = dir.resolve("jars");
        long recent = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
        if (Files.isDirectory(jars)) {
            try (Stream<Path> files = Files.list(jars)) {
                for (Path jar : (Iterable<Path>) files::iterator) {
                    if (jar.toString().endsWith(".jar") && !used.contains(jar.toString())
                            && modified(jar).toMillis() < recent) {
                        Files.deleteIfExists(jar);
                    }
                }
            }
        }
    }

    /** A build's own files: {@code children-<hex>.aot.<pid>-<hex>.aotconf} or {@code .tmp}. */
    private static final java.util.regex.Pattern BUILD_FILE =
            java.util.regex.Pattern.compile("children-[0-9a-f]+\\.aot\\.([0-9]+)-[0-9a-f]+\\.(aotconf|tmp)");

    /**
     * Removes the training configurations and unfinished caches (20-40 MB each) of builds whose
     * JVM is gone: a program that calls {@code System.exit} while its cache is being built ends
     * the build thread without its clean-up. A build of a live JVM is left alone.
     */
    static void removeAbandoned(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                var m = BUILD_FILE.matcher(f.getFileName().toString());
                if (m.matches() && !isAlive(Long.parseLong(m.group(1)))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The class path a cache was made for, next to it. */
    private static Path sidecar(Path cache) {
        return cache.resolveSibling(cache.getFileName() + ".classpath");
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // gone meanwhile: oldest of all
        }
    }

    /** Gives {@code built} its final name unless a file has it already (then that one is as good). */
    private static void publish(Path built, Path target) throws IOException {
        try {
            Files.createLink(target, built);
        } catch (FileAlreadyExistsException e) {
            // another JVM published the same content first
        } catch (UnsupportedOperationException e) {
            Files.move(built, target);
        }
    }

    /** A file's size and modification time, which change with any write (a cache key's part). */
    static String fileStamp(Path f) throws IOException {
        var a = Files.readAttributes(f, BasicFileAttributes.class);
        return a.size() + "@" + a.lastModifiedTime().toMillis();
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
