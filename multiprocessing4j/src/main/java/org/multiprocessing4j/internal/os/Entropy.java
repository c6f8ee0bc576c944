package org.multiprocessing4j.internal.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Random bytes for keys, challenges and unguessable names: read from the kernel's generator
 * ({@code /dev/urandom}) where there is one, else from {@link SecureRandom}. Reading the device
 * costs a fresh JVM a tenth of a millisecond; the first {@code SecureRandom} costs it about 40
 * ms (the JCA provider framework starts up), and every child is a fresh JVM. Both draw on the
 * same kernel source on Linux ({@code NativePRNG}).
 *
 * <p>Thread-safe.
 */
public final class Entropy {

    private static final Path DEVICE = Path.of("/dev/urandom");
    private static final Object LOCK = new Object();
    private static FileChannel device; // guarded by LOCK; opened on first use
    private static boolean noDevice;   // guarded by LOCK
    private static SecureRandom fallback; // guarded by LOCK

    private Entropy() {}

    /** {@code n} random bytes. */
    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        fill(b);
        return b;
    }

    /** Fills {@code b} with random bytes. */
    public static void fill(byte[] b) {
        synchronized (LOCK) {
            if (!noDevice && readDevice(b)) {
                return;
            }
            if (fallback == null) {
                fallback = new SecureRandom();
            }
            fallback.nextBytes(b);
        }
    }

    private static boolean readDevice(byte[] b) {
        try {
            if (device == null) {
                device = FileChannel.open(DEVICE, StandardOpenOption.READ);
            }
            var buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) {
                if (device.read(buf) < 0) {
                    throw new IOException(DEVICE + " ended");
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            noDevice = true; // not Linux/macOS, or not readable: SecureRandom from now on
            return false;
        }
    }
}
