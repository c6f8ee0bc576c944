package org.multiprocessing4j.internal.os;

import org.multiprocessing4j.MultiprocessingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories that only this process's user may use: the session root and session
 * directories (mode 0700), segments, ledgers and sockets (0600). Another local user must not be
 * able to read, replace or plant anything the runtime trusts.
 *
 * <p>A directory is <em>trusted</em> when {@code lstat} shows a real directory (not a symbolic
 * link) owned by this process's effective uid with no permission bits for group or others, and
 * every directory above it is owned by this uid or by root and, if others may write to it,
 * sticky (so that no one else can rename or replace what is in it, as in {@code /dev/shm} or
 * {@code /tmp}). The checks follow what systemd does for {@code $XDG_RUNTIME_DIR} and OpenSSH
 * for the paths of its keys. Where the file system has no POSIX attributes (not Linux or a Unix)
 * there are no other users to guard against in this sense, and the checks pass.
 */
public final class OwnerOnly {

    /** Mode 0600, for files created with {@code CREATE_NEW}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Mode 0700. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_ISVTX = 01000;

    private OwnerOnly() {}

    /** The attribute that creates a file 0600, or none where there are no POSIX permissions. */
    public static FileAttribute<?>[] fileAttribute() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** The attribute that creates a directory 0700, or none where there are no POSIX permissions. */
    public static FileAttribute<?>[] directoryAttribute() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)} : new FileAttribute<?>[0];
    }

    /**
     * Creates {@code dir} with mode 0700 unless it exists (its parent must exist), then checks
     * that it is trusted (see the class comment).
     *
     * @param what what the directory is for, for the message ("the session root")
     * @param remedy what the user can do instead, the message's last sentence
     * @throws MultiprocessingException naming the directory, what is wrong and what to do, if it
     *         is not trusted; nothing is created in it or removed from it
     * @throws UncheckedIOException if it cannot be created or read
     */
    public static Path ensureDirectory(Path dir, String what, String remedy) {
        try {
            Files.createDirectory(dir, directoryAttribute());
        } catch (FileAlreadyExistsException e) {
            // verified below: existing is fine if it is ours and private
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + what + " " + dir + ": " + e, e);
        }
        verifyDirectory(dir, what, remedy);
        return dir;
    }

    /**
     * Checks that {@code dir} is trusted (see the class comment); {@code what} and
     * {@code remedy} as for {@link #ensureDirectory}.
     *
     * @throws MultiprocessingException naming the directory and what is wrong, if it is not
     * @throws UncheckedIOException if it does not exist or cannot be read
     */
    public static void verifyDirectory(Path dir, String what, String remedy) {
        if (!POSIX) {
            return;
        }
        int uid = Posix.effectiveUid();
        Stat s = stat(dir);
        String fix = " " + remedy;
        if ((s.mode & S_IFMT) != S_IFDIR) {
            throw new MultiprocessingException("refusing to use " + what + " " + dir
                    + ": it is not a directory (a symbolic link or another file type is never followed)." + fix);
        }
        if (uid >= 0 && s.uid != uid) {
            throw new MultiprocessingException("refusing to use " + what + " " + dir + ": it is owned by uid " + s.uid
                    + ", not by this process's uid " + uid + "; another user could read or replace what is in it." + fix);
        }
        if ((s.mode & 077) != 0) {
            throw new MultiprocessingException("refusing to use " + what + " " + dir + ": its mode is "
                    + String.format("%04o", s.mode & 07777) + ", which lets group or others in; it must be 0700." + fix);
        }
        for (Path up = dir.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            Stat a = stat(up);
            boolean othersWrite = (a.mode & 022) != 0;
            if ((a.uid != 0 && a.uid != uid) || (othersWrite && (a.mode & S_ISVTX) == 0)) {
                throw new MultiprocessingException("refusing to use " + what + " " + dir + ": the directory above it, "
                        + up + " (uid " + a.uid + ", mode " + String.format("%04o", a.mode & 07777)
                        + "), lets another user rename or replace it; it must be owned by you or root and, if others"
                        + " may write to it, sticky (like /dev/shm and /tmp)." + fix);
            }
        }
    }

    /**
     * Whether {@code p} is, by {@code lstat}, a directory (not a link) owned by this process's
     * user: what a sweep of a trusted directory may delete.
     */
    public static boolean isOwnDirectory(Path p) {
        if (!POSIX) {
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            Stat s = stat(p);
            return (s.mode & S_IFMT) == S_IFDIR && s.uid == Posix.effectiveUid();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /**
     * Whether {@code file} is, by {@code lstat}, a regular file (not a link) owned by this
     * process's user that neither group nor others may write: a file the runtime made in a
     * trusted directory and may run or map.
     */
    public static boolean isOwnFile(Path file) {
        if (!POSIX) {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            Stat s = stat(file);
            return (s.mode & S_IFMT) == S_IFREG && s.uid == Posix.effectiveUid() && (s.mode & 022) == 0;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Sets {@code file} (a socket the runtime just bound, say) to mode 0600. */
    public static void restrict(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private record Stat(int uid, int mode) {}

    private static Stat stat(Path p) {
        try {
            var attrs = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            return new Stat((Integer) attrs.get("uid"), (Integer) attrs.get("mode"));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(p + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner and mode of " + p + ": " + e, e);
        }
    }
}
