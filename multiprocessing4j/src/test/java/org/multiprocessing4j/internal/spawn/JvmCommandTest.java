package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.process.ChildEntry;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line of a child: the tuning option, the selector provider, and the user's arguments coming last. */
class JvmCommandTest {

    /** As in any JVM that launches children, the process model is there (it names the main class). */
    @BeforeAll
    static void processModel() {
        Multiprocessing.currentProcess();
    }

    @AfterEach
    void clearTuning() {
        System.clearProperty(Configuration.CHILD_TUNING_PROP_NAME);
    }

    @Test
    void shortLivedTuningAddsC1AndSerialGcBeforeTheUsersArguments() {
        assertFalse(JvmCommand.build(List.of(), "jdk").contains("-XX:+UseSerialGC"), "not forced");

        System.setProperty(Configuration.CHILD_TUNING_PROP_NAME, "short-lived");
        var cmd = JvmCommand.build(List.of("-XX:TieredStopAtLevel=4"), "jdk");
        int tuning = cmd.indexOf("-XX:TieredStopAtLevel=1");
        assertTrue(tuning > 0 && cmd.contains("-XX:+UseSerialGC"), cmd.toString());
        assertTrue(cmd.indexOf("-XX:TieredStopAtLevel=4") > tuning, "the user's arguments win: " + cmd);
        assertEquals(ChildEntry.class.getName(), cmd.getLast());
    }

    @Test
    void anUnknownTuningIsRefusedNamingTheProperty() {
        System.setProperty(Configuration.CHILD_TUNING_PROP_NAME, "fast");
        var e = assertThrows(IllegalArgumentException.class, () -> JvmCommand.build(List.of(), "jdk"));
        assertTrue(e.getMessage().contains(Configuration.CHILD_TUNING_PROP_NAME + "=fast"), e.getMessage());
    }

    @Test
    void theSelectorProviderIsNamedOnlyWhenTheChildCouldFindNoOtherOne(@TempDir Path tmp) throws IOException {
        String own = System.getProperty("java.class.path");
        String provider = "-D" + JvmCommand.SELECTOR_PROVIDER_PROP_NAME + "="
                + java.nio.channels.spi.SelectorProvider.provider().getClass().getName();
        assertEquals(List.of(provider), JvmCommand.selectorProviderFlag(own, own), "the same class path");
        assertEquals(List.of(provider), JvmCommand.selectorProviderFlag(own, plus(own, ChildClassPath.shippingDirectory())),
                "and the shipping directory");

        // a plugin's entries that a class reaching a child brought in are looked into
        String service = "META-INF/services/java.nio.channels.spi.SelectorProvider";
        Path plainDir = Files.createDirectories(tmp.resolve("plain/plugin"));
        Path plainJar = jar(tmp.resolve("plain.jar"), "plugin/Greeter.class");
        Path declaringDir = tmp.resolve("declaring");
        Files.createDirectories(declaringDir.resolve(service).getParent());
        Files.writeString(declaringDir.resolve(service), "plugin.FastSelectorProvider\n");
        Path declaringJar = jar(tmp.resolve("declaring.jar"), service);
        assertEquals(List.of(provider), JvmCommand.selectorProviderFlag(own, plus(own, plainDir, plainJar, tmp.resolve("gone"))),
                "a directory and a jar without the service, and an entry that does not exist, declare none");
        assertEquals(List.of(), JvmCommand.selectorProviderFlag(own, plus(own, plainDir, declaringDir)),
                "a directory that declares one");
        assertEquals(List.of(), JvmCommand.selectorProviderFlag(own, plus(own, declaringJar, plainJar)), "a jar that declares one");
        Files.writeString(tmp.resolve("broken.jar"), "not a zip");
        assertEquals(List.of(), JvmCommand.selectorProviderFlag(own, plus(own, tmp.resolve("broken.jar"))),
                "a jar this JVM cannot read: the child's JVM decides");
        // Whether the command names ours depends on what earlier tests in this JVM added to the
        // children's class path (none of theirs declares one); if it does, the user's own comes
        // later and wins.
        var cmd = JvmCommand.build(List.of("-D" + JvmCommand.SELECTOR_PROVIDER_PROP_NAME + "=mine"), "jdk");
        int mine = cmd.lastIndexOf("-D" + JvmCommand.SELECTOR_PROVIDER_PROP_NAME + "=mine");
        assertTrue(mine >= 0 && cmd.lastIndexOf(provider) < mine, "the user's own comes later and wins: " + cmd);
    }

    private static String plus(String classPath, Path... entries) {
        var all = new StringBuilder(classPath);
        for (Path e : entries) {
            all.append(File.pathSeparator).append(e);
        }
        return all.toString();
    }

    private static Path jar(Path file, String entry) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(entry.endsWith(".class") ? new byte[] {(byte) 0xCA, (byte) 0xFE} : "plugin.X\n".getBytes());
            out.closeEntry();
        }
        return file;
    }
}
