package com.menuca.promo.gateway.resume;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that signs resume positions ({@code gateway.resume.key}), shared by every gateway instance so
 * a client resumes on any of them: HMAC-SHA256, cut to {@value #TAG_BYTES} bytes. A position a client
 * made up or altered (to be replayed from offset 0, say) fails the check. Thread-safe.
 */
public final class PositionKey {
    /** Bytes of the signature appended to a position. */
    public static final int TAG_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** @param secret at least 32 bytes of UTF-8 */
    public PositionKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("a resume position key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The signature of {@code body}. */
    byte[] tag(byte[] body, int length) {
        Mac mac = macs.get();
        mac.update(body, 0, length);
        return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    }

    /**
     * Writes the signature of {@code body}'s first {@code length} bytes right after them (the array has
     * {@value #TAG_BYTES} bytes of room there); returns the length with it.
     */
    int tagInto(byte[] body, int length) {
        Mac mac = macs.get();
        mac.update(body, 0, length);
        byte[] full = mac.doFinal();
        System.arraycopy(full, 0, body, length, TAG_BYTES);
        return length + TAG_BYTES;
    }

    /** True when {@code tag} is the signature of the first {@code length} bytes of {@code body}; constant time. */
    boolean verifies(byte[] body, int length, byte[] tag) {
        return MessageDigest.isEqual(tag(body, length), tag);
    }
}
