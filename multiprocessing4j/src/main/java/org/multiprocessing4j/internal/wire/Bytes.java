package org.multiprocessing4j.internal.wire;

/**
 * Big-endian numbers in byte arrays, written out by hand. The message paths run first in the
 * interpreter of a fresh child JVM, where one {@code ByteBuffer.putLong} is a chain of some ten
 * calls (buffer checks, scoped memory access, unsafe, byte order) and these are a few
 * bytecodes; compiled, both end as the same stores.
 */
public final class Bytes {

    private Bytes() {}

    public static void putShort(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    public static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    public static void putLong(byte[] b, int p, long v) {
        putInt(b, p, (int) (v >>> 32));
        putInt(b, p + 4, (int) v);
    }

    public static short getShort(byte[] b, int p) {
        return (short) ((b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF));
    }

    public static int getInt(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    public static long getLong(byte[] b, int p) {
        return (long) getInt(b, p) << 32 | (getInt(b, p + 4) & 0xFFFFFFFFL);
    }
}
