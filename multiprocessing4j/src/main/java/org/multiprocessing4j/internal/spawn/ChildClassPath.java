package org.multiprocessing4j.internal.spawn;

import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.os.OwnerOnly;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.ClassEntry;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path of a child JVM, found from where this JVM's classes really came from rather
 * than from {@code java.class.path} alone (DESIGN.md §2), and the classes this JVM defined in
 * memory, shipped to the children as class files.
 *
 * <p>Rules:
 * <ul>
 *   <li>The child's class path is {@code java.class.path}, then every {@code file:} location
 *       of the {@link URLClassLoader}s (and their parents) that loaded this library, that are
 *       the current thread's context class loader, or that loaded a class passed to
 *       {@link #ensureReachable} — so a program run by {@code mvn exec:java}, an IDE's runner
 *       or a plugin host that loads it with its own class loader starts children that find the
 *       same classes — then the shipping directory ({@code <session>/classes}).</li>
 *   <li>A class defined in memory (JShell's snippets, the single-file source launcher's classes)
 *       is shipped: its class file, read back from its class loader, and those of the classes
 *       it refers to that come from the same place, are written under the shipping directory,
 *       which every child has on its class path (also children started earlier: a directory on
 *       the class path is looked at on each lookup).</li>
 *   <li>A class that is neither on a file location nor readable from its loader cannot reach a
 *       child: {@link #ensureReachable} throws {@link SerializationException} in the parent,
 *       naming the class and what to do, before anything is started or sent.</li>
 * </ul>
 * Thread-safe.
 */
public final class ChildClassPath {

    /** Locations found by {@link #ensureReachable}, in the order found. */
    private static final Set<String> FOUND = new LinkedHashSet<>();
    /** Binary names of the classes already shipped. */
    private static final Set<String> SHIPPED = new LinkedHashSet<>();

    private ChildClassPath() {}

    /** The directory shipped class files are written to. */
    static Path shippingDirectory() {
        return Session.directoryForLaunch().resolve("classes");
    }

    /**
     * The child's class path entries after {@code base} (the class path the child starts from:
     * {@code java.class.path}, or the AOT cache's jars), without duplicates.
     */
    static String classPath(String base) {
        var entries = new LinkedHashSet<String>();
        for (String e : base.split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        int fromBase = entries.size();
        addLoaderChain(entries, ChildClassPath.class.getClassLoader());
        addLoaderChain(entries, Thread.currentThread().getContextClassLoader());
        synchronized (FOUND) {
            entries.addAll(FOUND);
        }
        if (entries.size() > fromBase || !base.isEmpty()) {
            // Not for a bare child of a JVM without a class path: its default "." stays as it was.
            // The directory must exist when the child starts: the JVM ignores a missing one for good.
            Path shipping = shippingDirectory();
            try {
                Files.createDirectories(shipping, OwnerOnly.directoryAttribute()); // private, as the session directory
                entries.add(shipping.toString());
            } catch (IOException e) {
                // no shipping to this child: classes defined in memory later will not reach it
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Makes sure a child can load the classes of {@code objects} (for a lambda, the class that
     * wrote it): a class from a file location not yet on the children's class path adds it for
     * children started from now on and is shipped for those already running; a class defined in
     * memory is shipped.
     *
     * @throws SerializationException if a class can reach no child (defined in memory by a class
     *         loader that cannot give its class file back); nothing was shipped for it
     */
    public static void ensureReachable(Object... objects) {
        for (Object o : objects) {
            if (o != null) {
                CHECKED.get(o.getClass()); // on the path of every pool task: once per class
            }
        }
    }

    /** Classes already made reachable; a class that could not be is not recorded, and fails again. */
    private static final ClassValue<Boolean> CHECKED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            ensureReachable(c);
            return Boolean.TRUE;
        }
    };

    private static void ensureReachable(Class<?> c) {
        while (c.isArray()) {
            c = c.componentType();
        }
        if (c.isHidden()) {
            c = c.getNestHost(); // a lambda: the child re-creates it from the class that wrote it
        }
        ClassLoader loader = c.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || loader == ClassLoader.getSystemClassLoader()) {
            return; // the JDK's, or on java.class.path
        }
        String internal = c.getName().replace('.', '/');
        // In memory when its class file is not a file or in a jar (e.g. the source launcher's
        // classes, whose code source is the .java file)
        String location = loader.getResource(internal + ".class") == null || definedInMemory(loader, internal)
                ? null : fileLocation(c);
        if (location != null) {
            boolean added;
            synchronized (FOUND) {
                added = FOUND.add(location);
                var chain = new LinkedHashSet<String>();
                addLoaderChain(chain, loader);
                FOUND.addAll(chain);
            }
            if (added) {
                ship(c, loader, false); // workers started before it was found look there
            }
            return;
        }
        ship(c, loader, true);
    }

    /** Writes the class file of {@code c}, and (for a class defined in memory) those it refers to from the same loader. */
    private static void ship(Class<?> c, ClassLoader loader, boolean inMemory) {
        var todo = new ArrayDeque<String>();
        todo.add(c.getName().replace('.', '/'));
        while (!todo.isEmpty()) {
            String internal = todo.poll();
            synchronized (SHIPPED) {
                if (!SHIPPED.add(internal)) {
                    continue;
                }
            }
            byte[] bytes = classFile(loader, internal);
            if (bytes == null) {
                synchronized (SHIPPED) {
                    SHIPPED.remove(internal);
                }
                if (internal.equals(c.getName().replace('.', '/'))) {
                    throw unreachable(c, loader);
                }
                continue; // a class the loader did not define: the JDK's, or on the class path
            }
            write(internal, bytes);
            if (inMemory) {
                for (var entry : ClassFile.of().parse(bytes).constantPool()) {
                    if (entry instanceof ClassEntry ce && !ce.asInternalName().startsWith("[")
                            && definedInMemory(loader, ce.asInternalName())) {
                        todo.add(ce.asInternalName());
                    }
                }
            }
        }
    }

    private static boolean definedInMemory(ClassLoader loader, String internal) {
        URL url = loader.getResource(internal + ".class");
        return url != null && !"file".equals(url.getProtocol()) && !"jar".equals(url.getProtocol())
                && !"jrt".equals(url.getProtocol());
    }

    private static byte[] classFile(ClassLoader loader, String internal) {
        try (InputStream in = loader.getResourceAsStream(internal + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(String internal, byte[] bytes) {
        Path target = shippingDirectory().resolve(internal + ".class");
        try {
            Files.createDirectories(target.getParent(), OwnerOnly.directoryAttribute());
            Path tmp = Files.createTempFile(target.getParent(), ".ship", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class file of " + internal.replace('/', '.')
                    + " for child processes to " + target + ": " + e.getMessage(), e);
        }
    }

    private static SerializationException unreachable(Class<?> c, ClassLoader loader) {
        return new SerializationException("class " + c.getName() + " cannot reach a child process: it was defined by "
                + loader + " from no file the child can load and the loader does not give its class file back."
                + " Compile it into a directory or jar and put that on the class path (or the class path of a"
                + " URLClassLoader), or use the \"thread\" start method", c.getName(), null);
    }

    /** The {@code file:} location of {@code c}, or null (defined in memory, or from a nested jar). */
    private static String fileLocation(Class<?> c) {
        var source = c.getProtectionDomain().getCodeSource();
        return source == null ? null : filePath(source.getLocation());
    }

    private static void addLoaderChain(Set<String> entries, ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    String path = filePath(url);
                    if (path != null) {
                        entries.add(path);
                    }
                }
            }
        }
    }

    private static String filePath(URL url) {
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            Path p = Path.of(url.toURI());
            return Files.exists(p) ? p.toString() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
