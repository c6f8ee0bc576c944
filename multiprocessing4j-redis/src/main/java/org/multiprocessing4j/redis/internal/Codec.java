package org.multiprocessing4j.redis.internal;

import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.internal.manager.Wire;
import org.multiprocessing4j.internal.wire.Serializer;
import org.multiprocessing4j.internal.wire.Serializers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * The two ways bytes from Redis are trusted. Data values (queue items, dict and list entries)
 * are decoded strictly: only allow-listed classes ({@code java.lang.*}, {@code java.util.*},
 * {@code java.time.*}, {@code java.math.*}, the library's own, and
 * {@link org.multiprocessing4j.redis.RedisOptions#allowedClasses()}), the mechanism of the TCP
 * managers. Envelopes (tasks, results, pool specs) carry user code, so they are signed with
 * HMAC-SHA256 under the authkey and decoded without an allow-list only after the signature
 * checks, as local channels decode only after their handshake. Thread-safe.
 */
public final class Codec {

    private static final int MAC_LENGTH = 32;

    private final Serializer data;
    private final Serializer code = Serializers.get();
    private final SecretKeySpec key;
    /** A Mac per thread, made once: {@code Mac.getInstance} + {@code init} cost more than signing a small task. */
    private final ThreadLocal<Mac> macs;

    public Codec(byte[] authkey, List<String> allowed) {
        this.data = Wire.serializer("tcp:redis", allowed, false); // the network channels' strict decoder
        this.key = new SecretKeySpec(authkey, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /**
     * Encodes a data value; classes off the allow-list are refused here already, so that what
     * one program writes every other program of the session can read.
     */
    public byte[] encode(Object value) {
        try {
            return data.encode(value);
        } catch (SerializationException e) {
            throw offList("a value written to Redis", e);
        }
    }

    /** Decodes a data value, refusing classes off the allow-list with a message saying how to allow them. */
    public Object decode(byte[] bytes) {
        try {
            return data.decode(bytes);
        } catch (SerializationException e) {
            throw offList("a value read from Redis", e);
        }
    }

    private static SerializationException offList(String what, SerializationException e) {
        if (e.getMessage() != null && e.getMessage().contains("allow-list")) {
            return new SerializationException(what + " holds class " + e.offendingClass()
                    + ", which is not on the allow-list (add it with RedisOptions.builder().allowClasses(..)"
                    + " in every program of the session)", e.offendingClass(), e);
        }
        return e;
    }

    /** Encodes {@code value} with the full serializer and appends the signature over {@code purpose} and the bytes. */
    public byte[] seal(String purpose, Object value) {
        return sealEncoded(purpose, code.encode(value));
    }

    /** Appends the signature over {@code purpose} and {@code body} (already encoded by the full serializer). */
    public byte[] sealEncoded(String purpose, byte[] body) {
        byte[] out = Arrays.copyOf(body, body.length + MAC_LENGTH);
        System.arraycopy(mac(purpose, body, body.length), 0, out, body.length, MAC_LENGTH);
        return out;
    }

    /**
     * Checks the signature, then decodes.
     *
     * @throws BadSignatureException if the bytes were not sealed for {@code purpose} under this authkey
     */
    public Object open(String purpose, byte[] sealed) {
        return code.decode(openEncoded(purpose, sealed));
    }

    /** Checks the signature and returns the body, still encoded (see {@link #open}). */
    public byte[] openEncoded(String purpose, byte[] sealed) {
        if (sealed == null || sealed.length < MAC_LENGTH) {
            throw new BadSignatureException(purpose + " envelope is too short to carry a signature ("
                    + (sealed == null ? "none" : sealed.length + " bytes") + ")");
        }
        int n = sealed.length - MAC_LENGTH;
        byte[] expected = mac(purpose, sealed, n);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(sealed, n, sealed.length))) {
            throw new BadSignatureException(purpose + " envelope has a bad signature: it was not made with this "
                    + "session's authkey (refused without decoding it)");
        }
        return Arrays.copyOf(sealed, n);
    }

    private byte[] mac(String purpose, byte[] body, int length) {
        Mac m = macs.get(); // doFinal leaves it reset for the next use
        m.update(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.update((byte) 0);
        m.update(body, 0, length);
        return m.doFinal();
    }

    /** An envelope whose signature does not match: it was not made by a party holding the authkey. */
    public static final class BadSignatureException extends org.multiprocessing4j.AuthenticationException {
        public BadSignatureException(String message) {
            super(message);
        }
    }
}
