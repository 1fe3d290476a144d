package com.menuca.promo.gateway.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS served on loopback as an identity provider serves it (Supabase Auth at
 * {@code /auth/v1/.well-known/jwks.json}): public keys only, replaceable to play a key rotation,
 * counting the fetches.
 */
public final class JwksServer implements AutoCloseable {
    public static final String PATH = "/auth/v1/.well-known/jwks.json";

    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile byte[] body;

    private JwksServer(List<? extends JWK> keys) throws IOException {
        publish(keys);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, exchange -> {
            fetches.incrementAndGet();
            byte[] bytes = body;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    /** Serves the public halves of {@code keys}. */
    public static JwksServer serving(List<? extends JWK> keys) throws IOException {
        return new JwksServer(keys);
    }

    /** Serves these keys from now on (a rotation). */
    public void publish(List<? extends JWK> keys) {
        body = new JWKSet(keys.stream().map(JWK::toPublicJWK).toList()).toString().getBytes(StandardCharsets.UTF_8);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The issuer Supabase Auth would put in {@code iss} for a project at this address. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth/v1";
    }

    public int fetches() {
        return fetches.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
