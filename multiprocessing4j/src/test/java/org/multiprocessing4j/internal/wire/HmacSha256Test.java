package org.multiprocessing4j.internal.wire;

import org.junit.jupiter.api.Test;
import org.multiprocessing4j.internal.os.Entropy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Our HMAC-SHA256 agrees with the JDK's on every length around the block boundaries, and with RFC 4231. */
class HmacSha256Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sha256MatchesTheJdkOnEveryLengthAroundTheBlocks() throws Exception {
        var random = new SplittableRandom(7);
        var jdk = MessageDigest.getInstance("SHA-256");
        for (int n = 0; n <= 200; n++) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            assertArrayEquals(jdk.digest(data), HmacSha256.sha256(data), "length " + n);
        }
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HEX.formatHex(HmacSha256.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void hmacMatchesTheJdkForShortAndLongKeys() throws Exception {
        var random = new SplittableRandom(11);
        for (int keyLength : new int[] {1, 16, 32, 63, 64, 65, 131}) {
            for (int n : new int[] {0, 1, 32, 55, 56, 64, 200}) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[n];
                random.nextBytes(key);
                random.nextBytes(message);
                var mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                assertArrayEquals(mac.doFinal(message), HmacSha256.mac(key, message), "key " + keyLength + ", message " + n);
            }
        }
    }

    /** The constants are what FIPS 180-4 derives them from: fractional parts of cube and square roots of primes. */
    @Test
    void theConstantsAreTheRootsOfTheFirstPrimes() {
        int found = 0;
        for (int p = 2; found < 64; p++) {
            if (java.math.BigInteger.valueOf(p).isProbablePrime(50)) {
                assertEquals(HmacSha256.K[found], (int) fractionBits(p, 3), "K[" + found + "]");
                if (found < 8) {
                    assertEquals(HmacSha256.H0[found], (int) fractionBits(p, 2), "H0[" + found + "]");
                }
                found++;
            }
        }
    }

    /** The first 32 bits of the fractional part of the {@code root}-th root of {@code p}, exact in integers. */
    private static long fractionBits(int p, int root) {
        var scaled = java.math.BigInteger.valueOf(p).shiftLeft(32 * root);
        long x = (long) (Math.pow(p, 1.0 / root) * 4294967296.0);
        while (java.math.BigInteger.valueOf(x).pow(root).compareTo(scaled) > 0) {
            x--;
        }
        while (java.math.BigInteger.valueOf(x + 1).pow(root).compareTo(scaled) <= 0) {
            x++;
        }
        return x & 0xFFFF_FFFFL;
    }

    @Test
    void rfc4231TestCase2() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", HEX.formatHex(HmacSha256.mac(key, data)));
    }

    @Test
    void entropyGivesFreshBytes() {
        byte[] a = Entropy.bytes(32);
        byte[] b = Entropy.bytes(32);
        assertEquals(32, a.length);
        assertFalse(java.util.Arrays.equals(a, b), "two draws of 256 bits were equal");
    }
}
