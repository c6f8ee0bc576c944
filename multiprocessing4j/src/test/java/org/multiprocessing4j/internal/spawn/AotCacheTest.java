package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.NoLeftoverProcesses;
import org.multiprocessing4j.testing.RootJvm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AOT cache of children: its key, the jars of class directories, and real children using it. */
@ExtendWith(NoLeftoverProcesses.class)
class AotCacheTest {

    static final Duration LIMIT = Delays.seconds(180);

    @TempDir
    Path tmp;

    @Test
    void classDirectoriesBecomeJarsAndTheCacheIsNamedAfterTheirContentAndTheFlags() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes/pkg"));
        Files.writeString(classes.resolve("A.class"), "first");
        Path jar = Files.writeString(tmp.resolve("lib.jar"), "not really a jar, only stamped");
        String classPath = tmp.resolve("classes") + File.pathSeparator + jar;
        Path cacheDir = tmp.resolve("cache");

        var plan = AotCache.plan(cacheDir, classPath, List.of("-XX:+UseSerialGC"));
        String[] entries = plan.classPath().split(File.pathSeparator);
        assertEquals(2, entries.length);
        assertTrue(entries[0].startsWith(cacheDir.resolve("jars").toString()) && entries[0].endsWith(".jar"), entries[0]);
        assertEquals(jar.toString(), entries[1]);
        try (var j = new JarFile(entries[0])) {
            assertNotNull(j.getEntry("pkg/A.class"));
        }
        assertTrue(plan.cache().getParent().equals(cacheDir) && plan.cache().toString().endsWith(".aot"), plan.cache().toString());

        assertEquals(plan, AotCache.plan(cacheDir, classPath, List.of("-XX:+UseSerialGC")), "same inputs, same cache");
        assertNotEquals(plan.cache(), AotCache.plan(cacheDir, classPath, List.of()).cache(), "other flags, other cache");

        Files.writeString(classes.resolve("A.class"), "second version");
        var changedClasses = AotCache.plan(cacheDir, classPath, List.of("-XX:+UseSerialGC"));
        assertNotEquals(plan.classPath(), changedClasses.classPath(), "a changed class gives a new jar");
        assertNotEquals(plan.cache(), changedClasses.cache(), "and a new cache");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertNotEquals(changedClasses.cache(), AotCache.plan(cacheDir, classPath, List.of("-XX:+UseSerialGC")).cache(),
                "a changed jar gives a new cache");
    }

    @Test
    void pruningKeepsTheNewestCachesAndTheJarsTheyRunFrom() throws Exception {
        Path jars = Files.createDirectories(tmp.resolve("jars"));
        long hourAgo = System.currentTimeMillis() - 2 * 3600_000L;
        Path used = Files.writeString(jars.resolve("used.jar"), "a");
        Path unused = Files.writeString(jars.resolve("unused.jar"), "b");
        Path fresh = Files.writeString(jars.resolve("fresh.jar"), "c");
        Files.setLastModifiedTime(used, FileTime.fromMillis(hourAgo));
        Files.setLastModifiedTime(unused, FileTime.fromMillis(hourAgo));
        var caches = new ArrayList<Path>();
        for (int i = 0; i < 10; i++) {
            Path cache = Files.writeString(tmp.resolve("children-" + Integer.toHexString(0xa0 + i) + ".aot"), "cache");
            Files.writeString(tmp.resolve(cache.getFileName() + ".log"), "log");
            Files.writeString(tmp.resolve(cache.getFileName() + ".classpath"), used.toString());
            Files.setLastModifiedTime(cache, FileTime.fromMillis(hourAgo + i * 1000L));
            caches.add(cache);
        }

        AotCache.prune(tmp, 8);

        for (int i = 0; i < 10; i++) {
            assertEquals(i >= 2, Files.exists(caches.get(i)), "cache " + i);
            assertEquals(i >= 2, Files.exists(tmp.resolve(caches.get(i).getFileName() + ".log")), "log " + i);
        }
        assertTrue(Files.exists(used), "a kept cache runs from it");
        assertFalse(Files.exists(unused), "no kept cache runs from it");
        assertTrue(Files.exists(fresh), "made within the hour: a cache may be being built from it");
    }

    @Test
    void theUnfinishedFilesOfBuildsWhoseJvmIsGoneAreRemoved() throws Exception {
        var gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long live = ProcessHandle.current().pid();
        Path deadConf = Files.writeString(tmp.resolve("children-ab12.aot." + gone.pid() + "-0a1b2c3d.aotconf"), "c");
        Path deadTmp = Files.writeString(tmp.resolve("children-ab12.aot." + gone.pid() + "-0a1b2c3d.tmp"), "t");
        Path liveConf = Files.writeString(tmp.resolve("children-cd34.aot." + live + "-00ff00ff.aotconf"), "c");
        Path cache = Files.writeString(tmp.resolve("children-ef56.aot"), "cache");
        Path other = Files.writeString(tmp.resolve("children-ef56.aot.stamps"), "d");

        AotCache.removeAbandoned(tmp);

        assertFalse(Files.exists(deadConf), "its JVM is gone");
        assertFalse(Files.exists(deadTmp), "its JVM is gone");
        assertTrue(Files.exists(liveConf), "a build of a live JVM");
        assertTrue(Files.exists(cache));
        assertTrue(Files.exists(other));
    }

    @Test
    void childrenUseTheCacheOnceBuiltAndOneChangedSinceIsRefusedAndRemoved() throws Exception {
        Path cacheDir = tmp.resolve("cache");
        var flags = List.of("-Dmultiprocessing4j.aot=true", "-Dmultiprocessing4j.aot.dir=" + cacheDir);
        Path cache;
        try (var root = RootJvm.start(AotScenario.class, flags, "await-cache")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            String out = root.stdout();
            assertTrue(out.contains("first=aot:false"), out);
            assertTrue(out.contains("next=aot:true,jars-only:true"), out);
            assertTrue(out.contains("first-exit=0") && out.contains("next-exit=0"), out);
            assertQuiet(out + root.stderr());
            cache = Path.of(root.awaitLine("cache=", LIMIT));
        }
        // the training run exercised the message paths: the manager client comes from the cache
        String loaded = Files.readString(cacheDir.resolve("next-" + AotScenario.CLASS_LOG));
        assertTrue(loaded.contains("org.multiprocessing4j.internal.manager.ClientEndpoint source: shared objects file"),
                "ClientEndpoint not from the cache:\n" + loaded.lines()
                        .filter(l -> l.contains("ClientEndpoint")).toList());

        // Changed after it was made: refused by its stamp, removed, children start without it.
        Files.write(cache, new byte[4096]);
        try (var root = RootJvm.start(AotScenario.class, flags, "use")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertTrue(root.stdout().contains("next=aot:false"), root.stdout());
            assertTrue(root.stdout().contains("next-exit=0"), root.stdout());
            assertTrue(root.stderr().contains("not using the AOT cache " + cache + ": " + cache
                    + " changed after the cache was made (its inode, size or modification time differs); it is removed and will be built anew"), root.stderr());
        }
        assertFalse(Files.exists(cache), "a cache that fails verification is removed");
        try (var files = Files.list(cacheDir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".aotconf") || f.toString().endsWith(".tmp")),
                    "the build leaves only the cache, the jars and its log");
        }
    }

    @Test
    void aProgramWhoseOnlyChildrenArePoolWorkersStillGetsItsCache() throws Exception {
        Path cacheDir = tmp.resolve("cache");
        var flags = List.of("-Dmultiprocessing4j.aot=true", "-Dmultiprocessing4j.aot.dir=" + cacheDir);
        try (var root = RootJvm.start(AotScenario.class, flags, "pool-only")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertTrue(root.stdout().contains("pool=[1, 4]"), root.stdout());
        }
        try (var files = Files.list(cacheDir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".aot")),
                    "the program waited for its cache's build before it exited");
        }
        try (var root = RootJvm.start(AotScenario.class, flags, "use")) {
            assertEquals(0, root.waitFor(LIMIT), root.stderr());
            assertTrue(root.stdout().contains("next=aot:true"), root.stdout());
        }
        // the training run rehearsed a pool worker's chunks: their codec comes from the cache
        String loaded = Files.readString(cacheDir.resolve("next-" + AotScenario.CLASS_LOG));
        assertTrue(loaded.contains("org.multiprocessing4j.internal.pool.ChunkCodec source: shared objects file"),
                "ChunkCodec not from the cache:\n" + loaded.lines().filter(l -> l.contains("ChunkCodec")).toList());
    }

    @Test
    void aCacheDirectoryAnotherUserCanWriteIsRefusedAndChildrenStartWithoutIt() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.multiprocessing4j.MultiprocessingException.class,
                () -> AotCache.plan(open, tmp.toString(), List.of()));
        assertTrue(e.getMessage().contains("refusing to use the AOT cache directory " + open) && e.getMessage().contains("0777"),
                e.getMessage());
        try (var other = org.multiprocessing4j.testing.LocalUser.create()) {
            // a directory the other user owns, /tmp-style world-traversable, with a jar planted in it
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path theirs = tmp.resolve("theirs");
            Files.createDirectory(theirs);
            Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(other.name()));
            assertEquals(0, other.run("mkdir", "-m", "755", theirs.resolve("jars").toString()).code());
            assertEquals(0, other.run("touch", theirs.resolve("jars/planted.jar").toString()).code());
            var refused = org.junit.jupiter.api.Assertions.assertThrows(org.multiprocessing4j.MultiprocessingException.class,
                    () -> AotCache.plan(theirs, tmp.toString(), List.of()));
            assertTrue(refused.getMessage().contains("owned by uid " + other.uid()), refused.getMessage());

            var flags = List.of("-Dmultiprocessing4j.aot=true", "-Dmultiprocessing4j.aot.dir=" + theirs);
            try (var root = RootJvm.start(AotScenario.class, flags, "use")) {
                assertEquals(0, root.waitFor(LIMIT), root.stderr());
                assertTrue(root.stdout().contains("next=aot:false") && root.stdout().contains("next-exit=0"), root.stdout());
                assertTrue(root.stderr().contains("no AOT cache for children: refusing to use the AOT cache directory " + theirs),
                        root.stderr());
            }
            try (var files = Files.list(theirs.resolve("jars"))) {
                assertEquals(List.of(theirs.resolve("jars/planted.jar")), files.toList(), "nothing was written there");
            }
        }
    }

    private static void assertQuiet(String output) {
        for (String noise : List.of("[aot]", "[cds]", "AOTConfiguration", "AOTCache", "warning")) {
            assertFalse(output.contains(noise), "'" + noise + "' in the output:\n" + output);
        }
    }
}
