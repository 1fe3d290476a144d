package com.menuca.promo.gateway.rpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's client of the stream processor's query API ({@code gateway.processor.url}). Any
 * instance answers: one that does not hold the key forwards the query to the one that does.
 * Asynchronous, so a slow processor never holds an event loop.
 */
public final class ProcessorQueries {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final String authorization;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param base  the query API's base URL, such as {@code http://processor:8082}
     * @param token the credential the query API requires, or null when it requires none
     */
    public ProcessorQueries(URI base, String token) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.authorization = token == null ? null : "Bearer " + token;
    }

    /** {@code GET <base>/customers/{id}/redemptions}: status and JSON body. */
    public CompletableFuture<HttpResponse<String>> customerRedemptions(long customerId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("customers/" + customerId + "/redemptions"))
                .timeout(TIMEOUT).header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public URI base() {
        return base;
    }
}
