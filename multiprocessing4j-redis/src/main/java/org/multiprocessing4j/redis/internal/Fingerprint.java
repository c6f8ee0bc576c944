package org.multiprocessing4j.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class-path fingerprint that agents compare with a pool's: SHA-256 over the class path's
 * entries in order (a manifest's {@code Class-Path} expanded, as surefire and launchers use
 * it), each by file name and content: a jar's bytes, a directory's files (relative path and
 * bytes). Two hosts with the same application jars agree whatever their directories; the system
 * property {@value #PROPERTY} replaces it (an application version) where copies differ in build
 * details. 16 hex digits.
 */
public final class Fingerprint {

    public static final String PROPERTY = "multiprocessing4j.redis.appVersion";

    private static volatile String own;

    private Fingerprint() {}

    /** This JVM's fingerprint (computed once). */
    public static String own() {
        String f = own;
        if (f == null) {
            String v = System.getProperty(PROPERTY);
            f = v != null ? "app:" + v : of(System.getProperty("java.class.path", ""));
            own = f;
        }
        return f;
    }

    static String of(String classPath) {
        try {
            var md = MessageDigest.getInstance("SHA-256");
            for (Path p : expand(classPath)) {
                md.update(p.getFileName() == null ? new byte[0] : p.getFileName().toString().getBytes());
                if (Files.isRegularFile(p)) {
                    try (InputStream in = Files.newInputStream(p)) {
                        md.update(in.readAllBytes());
                    }
                } else if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                            md.update(p.relativize(f).toString().getBytes());
                            md.update(Files.readAllBytes(f));
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the class-path fingerprint: " + e, e);
        }
    }

    private static List<Path> expand(String classPath) throws IOException {
        var out = new LinkedHashSet<Path>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            out.add(p);
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                try (var jar = new JarFile(p.toFile())) {
                    var mf = jar.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String u : cp.trim().split("\\s+")) {
                            try {
                                out.add(Path.of(p.getParent().toUri().resolve(u)).normalize());
                            } catch (IllegalArgumentException e) {
                                // an entry that is not a file URI does not count
                            }
                        }
                    }
                }
            }
        }
        var list = new ArrayList<>(out);
        list.removeIf(p -> p.getFileName() != null && p.getFileName().toString().startsWith("surefirebooter"));
        return list;
    }
}
