package com.menuca.promo.gateway.resume;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a channel's stream stands: for each topic it reads (by stable topic code), for each
 * partition, the offset of the next record not yet delivered. Everything below was delivered (or
 * did not match), so a client that rejoins with this position misses nothing and gets nothing twice.
 *
 * <p>Wire form: base64url (no padding) of varints — format version 1, number of topics, then per
 * topic its code, its partition count and each partition's next offset — followed by a
 * {@value PositionKey#TAG_BYTES}-byte HMAC of those bytes under the gateways' shared
 * {@link PositionKey}: only positions a gateway issued are accepted. A channel on one table of three
 * partitions takes about 40 characters.
 */
public final class Position {
    private static final int FORMAT = 1;
    private static final int MAX_TOPICS = 64;
    private static final int MAX_PARTITIONS = 10_000;
    /** Bytes of the longest varint (a 64-bit value, 7 bits a byte). */
    private static final int MAX_VARINT = 10;

    private final Map<Integer, long[]> offsets;

    public Position(Map<Integer, long[]> offsets) {
        this.offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** topic code → next offset per partition. */
    public Map<Integer, long[]> offsets() {
        return offsets;
    }

    /** Encodes and signs the given topics of a live offset table without building a {@code Position} (the hot path). */
    public static String encode(PositionKey key, long topicMask, long[][] nextOffsets) {
        return new String(encodeAscii(key, topicMask, nextOffsets), StandardCharsets.ISO_8859_1);
    }

    /** {@link #encode(PositionKey, long, long[][])} as the token's ASCII bytes, to be written into frames as they are. */
    public static byte[] encodeAscii(PositionKey key, long topicMask, long[][] nextOffsets) {
        int room = 2 * MAX_VARINT;
        for (int code = 0; code < nextOffsets.length; code++) {
            if ((topicMask & (1L << code)) != 0) {
                room += (2 + (nextOffsets[code] == null ? 0 : nextOffsets[code].length)) * MAX_VARINT;
            }
        }
        byte[] body = new byte[room + PositionKey.TAG_BYTES];
        int at = writeVarint(body, 0, FORMAT);
        at = writeVarint(body, at, Long.bitCount(topicMask));
        for (int code = 0; code < nextOffsets.length; code++) {
            if ((topicMask & (1L << code)) == 0) {
                continue;
            }
            long[] partitions = nextOffsets[code];
            at = writeVarint(body, at, code);
            at = writeVarint(body, at, partitions == null ? 0 : partitions.length);
            if (partitions != null) {
                for (long offset : partitions) {
                    at = writeVarint(body, at, offset);
                }
            }
        }
        at = key.tagInto(body, at);
        return Base64.getUrlEncoder().withoutPadding().encode(at == body.length ? body : Arrays.copyOf(body, at));
    }

    public String encode(PositionKey key) {
        long mask = 0;
        int max = 0;
        for (int code : offsets.keySet()) {
            mask |= 1L << code;
            max = Math.max(max, code + 1);
        }
        long[][] table = new long[max][];
        offsets.forEach((code, partitions) -> table[code] = partitions);
        return encode(key, mask, table);
    }

    /** Reads a position a gateway with the same key issued; anything else is refused. */
    public static Position decode(PositionKey key, String token) throws InvalidPositionException {
        byte[] signed;
        try {
            signed = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidPositionException("resume position is not one this gateway issued (not base64url)");
        }
        if (signed.length <= PositionKey.TAG_BYTES || !key.verifies(signed, signed.length - PositionKey.TAG_BYTES,
                java.util.Arrays.copyOfRange(signed, signed.length - PositionKey.TAG_BYTES, signed.length))) {
            throw new InvalidPositionException("resume position is not one these gateways issued (bad signature)");
        }
        byte[] bytes = java.util.Arrays.copyOf(signed, signed.length - PositionKey.TAG_BYTES);
        int[] at = {0};
        if (readVarint(bytes, at) != FORMAT) {
            throw new InvalidPositionException("resume position has an unknown format version");
        }
        long topics = readVarint(bytes, at);
        if (topics < 0 || topics > MAX_TOPICS) {
            throw new InvalidPositionException("resume position names " + topics + " topics");
        }
        Map<Integer, long[]> offsets = new TreeMap<>();
        for (int t = 0; t < topics; t++) {
            long code = readVarint(bytes, at);
            long partitions = readVarint(bytes, at);
            if (code < 0 || code >= MAX_TOPICS || partitions < 0 || partitions > MAX_PARTITIONS) {
                throw new InvalidPositionException("resume position is damaged (topic " + code + ", "
                        + partitions + " partitions)");
            }
            long[] next = new long[(int) partitions];
            for (int p = 0; p < partitions; p++) {
                next[p] = readVarint(bytes, at);
            }
            offsets.put((int) code, next);
        }
        if (at[0] != bytes.length) {
            throw new InvalidPositionException("resume position has trailing bytes");
        }
        return new Position(offsets);
    }

    /** Writes {@code value} as a varint at {@code at}; returns the index after it. */
    private static int writeVarint(byte[] out, int at, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }

    private static long readVarint(byte[] bytes, int[] at) throws InvalidPositionException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new InvalidPositionException("resume position is truncated");
            }
            byte b = bytes[at[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new InvalidPositionException("resume position is damaged (varint too long)");
    }
}
