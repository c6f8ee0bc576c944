package org.multiprocessing4j.internal.wire;

import java.math.BigInteger;

/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) for the authkey handshake, without the JCA:
 * {@code javax.crypto.Mac} costs a fresh JVM about 35 ms to set up its provider, and every
 * child authenticates itself once at start-up. Tests check it against {@code javax.crypto.Mac}
 * and the standard test vectors.
 *
 * <p>Stateless and thread-safe.
 */
final class HmacSha256 {

    static final int LENGTH = 32;
    private static final int BLOCK = 64;

    /** The round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
    private static final int[] K = new int[64];
    /** The initial hash: the same of the square roots of the first 8 primes. */
    private static final int[] H0 = new int[8];

    static {
        int found = 0;
        for (int p = 2; found < 64; p++) {
            if (isPrime(p)) {
                K[found] = (int) fractionBits(p, 3);
                if (found < 8) {
                    H0[found] = (int) fractionBits(p, 2);
                }
                found++;
            }
        }
    }

    private HmacSha256() {}

    private static boolean isPrime(int n) {
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first 32 bits of the fractional part of the {@code root}-th root of {@code p}: the
     * integer {@code root}-th root of {@code p * 2^(32*root)}, estimated in double precision
     * and then made exact in integers.
     */
    private static long fractionBits(int p, int root) {
        BigInteger scaled = BigInteger.valueOf(p).shiftLeft(32 * root);
        long x = (long) (Math.pow(p, 1.0 / root) * 4294967296.0);
        while (BigInteger.valueOf(x).pow(root).compareTo(scaled) > 0) {
            x--;
        }
        while (BigInteger.valueOf(x + 1).pow(root).compareTo(scaled) <= 0) {
            x++;
        }
        return x & 0xFFFF_FFFFL;
    }

    /** HMAC-SHA256 of {@code message} under {@code key}. */
    static byte[] mac(byte[] key, byte[] message) {
        byte[] k = key.length > BLOCK ? sha256(key) : key;
        byte[] inner = new byte[BLOCK + message.length];
        byte[] outer = new byte[BLOCK + LENGTH];
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            inner[i] = (byte) (b ^ 0x36);
            outer[i] = (byte) (b ^ 0x5c);
        }
        System.arraycopy(message, 0, inner, BLOCK, message.length);
        System.arraycopy(sha256(inner), 0, outer, BLOCK, LENGTH);
        return sha256(outer);
    }

    /** SHA-256 of {@code data}. */
    static byte[] sha256(byte[] data) {
        // Padding: a 1 bit, zeros, and the length in bits as 64 bits, to a multiple of 64 bytes.
        int padded = (data.length + 8) / BLOCK * BLOCK + BLOCK;
        byte[] m = new byte[padded];
        System.arraycopy(data, 0, m, 0, data.length);
        m[data.length] = (byte) 0x80;
        long bits = (long) data.length * 8;
        for (int i = 0; i < 8; i++) {
            m[padded - 1 - i] = (byte) (bits >>> (8 * i));
        }
        int[] h = H0.clone();
        int[] w = new int[64];
        for (int block = 0; block < padded; block += BLOCK) {
            for (int t = 0; t < 16; t++) {
                int j = block + 4 * t;
                w[t] = (m[j] & 0xFF) << 24 | (m[j + 1] & 0xFF) << 16 | (m[j + 2] & 0xFF) << 8 | (m[j + 3] & 0xFF);
            }
            for (int t = 16; t < 64; t++) {
                int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
                int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int a = h[0];
            int b = h[1];
            int c = h[2];
            int d = h[3];
            int e = h[4];
            int f = h[5];
            int g = h[6];
            int hh = h[7];
            for (int t = 0; t < 64; t++) {
                int bigS1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
                int ch = (e & f) ^ (~e & g);
                int t1 = hh + bigS1 + ch + K[t] + w[t];
                int bigS0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
                int maj = (a & b) ^ (a & c) ^ (b & c);
                int t2 = bigS0 + maj;
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            h[0] += a;
            h[1] += b;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            out[4 * i] = (byte) (h[i] >>> 24);
            out[4 * i + 1] = (byte) (h[i] >>> 16);
            out[4 * i + 2] = (byte) (h[i] >>> 8);
            out[4 * i + 3] = (byte) h[i];
        }
        return out;
    }
}
