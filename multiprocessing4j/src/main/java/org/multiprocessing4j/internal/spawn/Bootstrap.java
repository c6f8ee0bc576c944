package org.multiprocessing4j.internal.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;

/**
 * What a child needs to run its process (step 0 of {@link ControlProtocol}). It travels through
 * the child's stdin, never on the command line, because it holds the authkey: the text, a NUL
 * byte, then the process's {@code payload}. {@code reports} is the file in the session
 * directory that the child creates and writes its reports to.
 *
 * <p>{@code deathSignalArmed}: the JVM was started with its parent-death signal already set
 * ({@link ParentDeathSignal}).
 *
 * <p>{@code objectStreams}: decoding the payload reads a JDK object stream, so the child sets up
 * the JDK's serialisation filter configuration on another thread while it starts (see
 * {@link ChildMain}).
 */
record Bootstrap(
        byte[] authkey,
        String serializer,
        long parentPid,
        String parentName,
        String processName,
        Path session,
        String startMethod,
        boolean deathSignalArmed,
        boolean objectStreams,
        Path reports,
        byte[] payload) {

    static final int VERSION = 3;

    Bootstrap {
        java.util.Objects.requireNonNull(reports, "reports");
        java.util.Objects.requireNonNull(payload, "payload");
    }

    /** The text, a NUL byte and the payload. */
    void writeTo(OutputStream out) throws IOException {
        var p = new Properties();
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("reports", reports.toString());
        p.setProperty("authkey", Base64.getEncoder().encodeToString(authkey));
        p.setProperty("serializer", serializer);
        p.setProperty("parentPid", Long.toString(parentPid));
        p.setProperty("parentName", parentName);
        p.setProperty("processName", processName);
        p.setProperty("session", session.toString());
        p.setProperty("startMethod", startMethod);
        p.setProperty("deathSignalArmed", Boolean.toString(deathSignalArmed));
        p.setProperty("objectStreams", Boolean.toString(objectStreams));
        var text = new StringBuilder();
        p.forEach((k, v) -> text.append(k).append('=').append(escape((String) v)).append('\n'));
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.write(payload);
        out.flush();
    }

    private static final String MISSING = "no bootstrap on stdin: this program is started by multiprocessing4j, not by hand";

    /** Whether {@code e} says that stdin held no bootstrap at all (as when the parent went away first). */
    static boolean isMissing(IOException e) {
        return MISSING.equals(e.getMessage());
    }

    static Bootstrap readFrom(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = 0;
        while (end < all.length && all[end] != 0) {
            end++;
        }
        byte[] payload = end < all.length ? Arrays.copyOfRange(all, end + 1, all.length) : null;
        var p = new Properties();
        p.load(new StringReader(new String(all, 0, end, StandardCharsets.UTF_8)));
        String version = p.getProperty("version");
        if (version == null) {
            throw new IOException(MISSING);
        }
        if (Integer.parseInt(version) != VERSION) {
            throw new IOException("bootstrap version " + version + " from the parent, this child speaks " + VERSION);
        }
        String reports = p.getProperty("reports");
        if (reports == null || payload == null) {
            throw new IOException("malformed bootstrap from the parent: "
                    + (reports == null ? "no reports file" : "no payload after the text"));
        }
        return new Bootstrap(
                Base64.getDecoder().decode(p.getProperty("authkey")),
                p.getProperty("serializer"),
                Long.parseLong(p.getProperty("parentPid")),
                p.getProperty("parentName"),
                p.getProperty("processName"),
                Path.of(p.getProperty("session")),
                p.getProperty("startMethod"),
                Boolean.parseBoolean(p.getProperty("deathSignalArmed", "false")),
                Boolean.parseBoolean(p.getProperty("objectStreams", "false")),
                Path.of(reports),
                payload);
    }

    /** This bootstrap for a JVM whose parent-death signal is set (true) or not (false) when it starts. */
    Bootstrap withDeathSignalArmed(boolean armed) {
        return new Bootstrap(authkey, serializer, parentPid, parentName, processName, session,
                startMethod, armed, objectStreams, reports, payload);
    }

    /** Escapes a value for {@link Properties#load}: backslashes and line breaks. */
    private static String escape(String v) {
        var b = new StringBuilder(v.length());
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\0' -> b.append("\\u0000"); // the end of the text on stdin
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
