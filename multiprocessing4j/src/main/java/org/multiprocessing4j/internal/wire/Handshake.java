package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.AuthenticationException;

import org.multiprocessing4j.internal.os.Entropy;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Mutual authentication with a shared authkey, before any object is decoded. Like CPython's
 * {@code deliver_challenge}/{@code answer_challenge}, both sides prove knowledge of the key by
 * an HMAC-SHA256 of a fresh random challenge from the other side; the key itself never travels.
 *
 * <pre>
 *  step  server (accepting side)                 client (connecting side)
 *  0     (with TLS only) TLS  (empty)          →
 *                                                checks that it came: TLS was agreed on both sides
 *        the TLS handshake (the client's hello first); steps 1-4 then travel inside TLS
 *  1     CHALLENGE  nonceS (32 random bytes)  →
 *  2                                          ←  RESPONSE   HMAC(key, nonceS) ‖ nonceC
 *  3     checks the HMAC; on mismatch sends FAILURE and raises
 *        WELCOME    HMAC(key, nonceC)        →
 *  4                                             checks the HMAC; on mismatch raises
 * </pre>
 *
 * Step 0 is what makes a mismatch fail at once with a clear message on the client: a
 * plaintext client reads TLS where it expects CHALLENGE, and a TLS client reads CHALLENGE
 * where it expects TLS (without the announcement, both would wait for the other to speak).
 * A client that asked for TLS never proceeds without it, so the announcement cannot be used to
 * downgrade a connection.
 *
 * <p>Every message is a frame of {@link FrameChannel} read under its small unauthenticated limit;
 * comparisons are constant-time ({@code MessageDigest.isEqual}, which needs no provider).
 * Nonces come from {@link Entropy} and digests from {@link HmacSha256}, not from the JCA
 * providers, whose set-up costs every fresh JVM ~75 ms.
 */
public final class Handshake {

    static final byte CHALLENGE = 'C';
    static final byte RESPONSE = 'R';
    static final byte WELCOME = 'W';
    static final byte FAILURE = 'F';
    static final byte TLS = 'T';

    private static final int NONCE_LENGTH = 32;
    private static final int MAC_LENGTH = HmacSha256.LENGTH;

    private Handshake() {}

    /** A fresh random authkey, as {@code os.urandom(32)} in CPython. */
    public static byte[] newAuthkey() {
        return Entropy.bytes(32);
    }

    /** Step 0 of the table, on the accepting side: the TLS handshake follows. */
    public static void announceTls(FrameChannel ch) throws IOException {
        ch.write(TLS, new byte[0]);
    }

    /** Step 0 of the table, on the connecting side: refuses a listener that does not announce TLS. */
    public static void expectTls(FrameChannel ch) throws IOException {
        var announcement = ch.read();
        if (announcement.type() != TLS || announcement.payload().length != 0) {
            throw new AuthenticationException(announcement.type() == CHALLENGE
                    ? "the listener does not use TLS, but this client asked for it (connect without a TlsConfig, "
                            + "or give the listener one)"
                    : "malformed TLS announcement from the peer");
        }
    }

    /** Steps 1 and 3 of the table, on the accepting side. */
    public static void server(FrameChannel ch, byte[] key) throws IOException {
        byte[] nonceS = nonce();
        ch.write(CHALLENGE, nonceS);
        var response = ch.read();
        if (response.type() != RESPONSE || response.payload().length != MAC_LENGTH + NONCE_LENGTH) {
            ch.write(FAILURE, new byte[0]);
            throw new AuthenticationException("malformed authentication response from the peer");
        }
        byte[] mac = Arrays.copyOfRange(response.payload(), 0, MAC_LENGTH);
        byte[] nonceC = Arrays.copyOfRange(response.payload(), MAC_LENGTH, MAC_LENGTH + NONCE_LENGTH);
        if (!MessageDigest.isEqual(mac, hmac(key, nonceS))) {
            ch.write(FAILURE, new byte[0]);
            throw new AuthenticationException("digest received from the peer was wrong (authkey mismatch)");
        }
        ch.write(WELCOME, hmac(key, nonceC));
    }

    /** Steps 2 and 4 of the table, on the connecting side. */
    public static void client(FrameChannel ch, byte[] key) throws IOException {
        var challenge = ch.read();
        if (challenge.type() == TLS) {
            throw new AuthenticationException("the listener requires TLS: connect with a TlsConfig");
        }
        if (challenge.type() != CHALLENGE || challenge.payload().length != NONCE_LENGTH) {
            throw new AuthenticationException("malformed authentication challenge from the peer");
        }
        byte[] nonceC = nonce();
        byte[] response = Arrays.copyOf(hmac(key, challenge.payload()), MAC_LENGTH + NONCE_LENGTH);
        System.arraycopy(nonceC, 0, response, MAC_LENGTH, NONCE_LENGTH);
        ch.write(RESPONSE, response);
        var answer = ch.read();
        if (answer.type() == FAILURE) {
            throw new AuthenticationException("the peer refused our digest (authkey mismatch)");
        }
        if (answer.type() != WELCOME || !MessageDigest.isEqual(answer.payload(), hmac(key, nonceC))) {
            throw new AuthenticationException("digest received from the peer was wrong (authkey mismatch)");
        }
    }

    private static byte[] nonce() {
        return Entropy.bytes(NONCE_LENGTH);
    }

    static byte[] hmac(byte[] key, byte[] message) {
        return HmacSha256.mac(key, message);
    }
}
