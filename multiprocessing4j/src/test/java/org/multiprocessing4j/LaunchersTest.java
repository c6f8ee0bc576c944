package org.multiprocessing4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multiprocessing4j.testing.Delays;
import org.multiprocessing4j.testing.Launch;
import org.multiprocessing4j.testing.NoLeftoverProcesses;

import java.io.File;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Children start however the parent was launched (issue 18): a program run by a forked
 * {@code mvn exec:java}, by the real {@code jshell} in both execution modes, by the single-file
 * source launcher, and classes loaded by a plugin {@link URLClassLoader}.
 */
@ExtendWith(NoLeftoverProcesses.class)
class LaunchersTest {

    static final Duration LIMIT = Delays.seconds(120);

    /** A user's program: a process, then a pool. */
    static final String HELLO = """
            import org.multiprocessing4j.Pool;
            import org.multiprocessing4j.Process;
            import java.util.List;

            public class Hello {
                public static void main(String[] args) {
                    var p = new Process(() -> System.out.println("child says hello"));
                    p.start();
                    p.join();
                    System.out.println("exitCode=" + p.exitCode());
                    try (var pool = new Pool(1)) {
                        System.out.println("squares=" + pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
                    }
                }
            }
            """;

    static void assertRan(Launch.Outcome o) {
        assertEquals(0, o.exitCode(), o.describe());
        assertTrue(o.stdout().contains("child says hello"), o.describe());
        assertTrue(o.stdout().contains("exitCode=0"), o.describe());
        assertTrue(o.stdout().contains("squares=[1, 4, 9]"), o.describe());
    }

    @Test
    void aProgramRunByMavenExecJavaStartsChildren(@TempDir Path project) throws Exception {
        Files.writeString(project.resolve("Hello.java"), HELLO);
        Launch.compile(project, project.resolve("target/classes"), "Hello.java");
        var elements = new StringBuilder();
        for (String e : Launch.libraryClassPath().split(File.pathSeparator)) {
            elements.append("<additionalClasspathElement>").append(e).append("</additionalClasspathElement>");
        }
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>hello</artifactId>
                  <version>1</version>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.codehaus.mojo</groupId>
                        <artifactId>exec-maven-plugin</artifactId>
                        <version>%s</version>
                        <configuration>
                          <mainClass>Hello</mainClass>
                          <additionalClasspathElements>%s</additionalClasspathElements>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(System.getProperty("exec.plugin.version"), elements));
        String mavenHome = System.getProperty("maven.home");
        var cmd = List.of(Path.of(mavenHome, "bin", "mvn").toString(), "-o", "-q", "-B",
                "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"), "exec:java");
        var o = Launch.run(cmd, project, Map.of("JAVA_HOME", System.getProperty("java.home"),
                "MAVEN_OPTS", String.join(" ", Launch.FLAGS)), LIMIT);
        assertRan(o);
    }

    @Test
    void aSourceFileRunByTheSourceLauncherStartsChildren(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Hello.java"), HELLO);
        var cmd = new ArrayList<String>();
        cmd.add(Launch.jdkTool("java"));
        cmd.addAll(Launch.FLAGS);
        cmd.addAll(List.of("-cp", Launch.libraryClassPath(), "Hello.java"));
        assertRan(Launch.run(cmd, dir, Map.of(), LIMIT));
    }

    /**
     * JShell defines snippets in memory: they are shipped to the children as class files. In the
     * remote execution mode (the default) a child's stdout is not JShell's console, so the child
     * writes a file; the local mode needs jdk.unsupported added for the serializer (README).
     */
    @ParameterizedTest
    @ValueSource(strings = {"remote", "local"})
    void aJShellScriptStartsChildren(String execution, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.jsh"), """
                import org.multiprocessing4j.*;
                import java.nio.file.*;
                var p = new org.multiprocessing4j.Process(() -> {
                    try {
                        Files.writeString(Path.of("child-said"), "child says hello");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                p.start();
                p.join();
                System.out.println("exitCode=" + p.exitCode());
                var pool = new Pool(1);
                System.out.println("squares=" + pool.map((Integer x) -> x * x, List.of(1, 2, 3)));
                pool.close();
                /exit
                """);
        var cmd = new ArrayList<String>();
        cmd.add(Launch.jdkTool("jshell"));
        cmd.addAll(List.of("--class-path", Launch.libraryClassPath()));
        String prefix = execution.equals("local") ? "-J" : "-R";
        for (String flag : Launch.FLAGS) {
            cmd.add(prefix + flag);
        }
        if (execution.equals("local")) {
            cmd.addAll(List.of("-J--add-modules=jdk.unsupported", "--execution", "local"));
        }
        cmd.add("hello.jsh");
        var o = Launch.run(cmd, dir, Map.of(), LIMIT);
        assertEquals(0, o.exitCode(), o.describe());
        assertEquals("child says hello", Files.readString(dir.resolve("child-said")), o.describe());
        assertTrue(o.stdout().contains("exitCode=0"), o.describe());
        assertTrue(o.stdout().contains("squares=[1, 4, 9]"), o.describe());
    }

    @Test
    void aClassFromAPluginClassLoaderRunsInAChild(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src/plugin"));
        Files.writeString(dir.resolve("src/plugin/Greeter.java"), """
                package plugin;

                import java.nio.file.Files;
                import java.nio.file.Path;

                public class Greeter extends org.multiprocessing4j.Process {
                    private final String file;
                    public Greeter(String file) { this.file = file; }
                    @Override public void run() {
                        try {
                            Files.writeString(Path.of(file), "hello from " + getClass().getName());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        Launch.compile(dir.resolve("src"), classes, "plugin/Greeter.java");
        Path written = dir.resolve("greeting");
        try (var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var greeter = (Process) loader.loadClass("plugin.Greeter").getConstructor(String.class).newInstance(written.toString());
            greeter.start();
            greeter.join();
            assertEquals(0, greeter.exitCode());
        }
        assertEquals("hello from plugin.Greeter", Files.readString(written));

        // The plugin's directory is on the children's class path from now on. It declares no
        // SelectorProvider, so a child is still spared the JDK's search of its whole class path
        // for one (JvmCommand.selectorProviderFlag looks into such entries).
        Path log = dir.resolve("init.log");
        var plain = Process.builder().target(() -> {}).jvmArgs("-Xlog:class+init=info:file=" + log).build();
        plain.start();
        plain.join();
        assertEquals(0, plain.exitCode());
        String initialised = Files.readString(log);
        assertTrue(initialised.contains("org/multiprocessing4j/internal/spawn/ChildMain"), "the log covers the child's run");
        assertFalse(initialised.contains("'java/util/ServiceLoader$LazyClassPathLookupIterator'"),
                "the child searched its class path for a service");
    }

    /** A class defined from bytes by a loader that cannot give them back cannot reach a child: start() says so. */
    @Test
    void aClassThatCannotReachAChildFailsInStart(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src/plugin"));
        Files.writeString(dir.resolve("src/plugin/Hidden.java"), """
                package plugin;
                public class Hidden extends org.multiprocessing4j.Process {
                    @Override public void run() { }
                }
                """);
        Path classes = dir.resolve("classes");
        Launch.compile(dir.resolve("src"), classes, "plugin/Hidden.java");
        byte[] bytes = Files.readAllBytes(classes.resolve("plugin/Hidden.class"));
        var loader = new ClassLoader("bytes-only", getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.equals("plugin.Hidden")) {
                    return defineClass(name, bytes, 0, bytes.length);
                }
                throw new ClassNotFoundException(name);
            }
        };
        var hidden = (Process) loader.loadClass("plugin.Hidden").getConstructor().newInstance();
        var e = assertThrows(SerializationException.class, hidden::start);
        assertEquals("plugin.Hidden", e.offendingClass());
        assertTrue(e.getMessage().contains("class plugin.Hidden cannot reach a child process"), e.getMessage());
        assertTrue(e.getMessage().contains("put that on the class path"), e.getMessage());
    }
}
