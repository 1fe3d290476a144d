package com.menuca.promo.processor.serving;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The query API's credential ({@code processor.query.token}): what a request must carry, and what an
 * instance sends when it forwards a query to another. Compared in constant time.
 */
final class QueryCredential {
    private final byte[] expected;
    private final String header;

    QueryCredential(String token) {
        this.header = "Bearer " + token;
        this.expected = header.getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code authorization} is {@code Bearer <token>}. */
    boolean accepts(String authorization) {
        return authorization != null && MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Authorization} header value for a forwarded query. */
    String header() {
        return header;
    }
}
