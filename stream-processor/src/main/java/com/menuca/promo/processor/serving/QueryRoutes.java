package com.menuca.promo.processor.serving;

import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.processor.service.ProcessorService;
import com.menuca.promo.processor.topology.StoreNames;
import com.menuca.promo.schemas.json.Json;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query endpoints, JSON in the shape of the derived topics' values:
 * <ul>
 *   <li>{@code GET /restaurants/{id}/performance}: {@code DealPerformance}</li>
 *   <li>{@code GET /restaurants/{id}/counts}, {@code /coupons/{id}/counts}, {@code /deals/{id}/counts}:
 *       {@code RedemptionCounts}</li>
 *   <li>{@code GET /customers/{id}/savings}: {@code CustomerSavings}</li>
 *   <li>{@code GET /customers/{id}/redemptions}: {@code CustomerSavings}'s fields and {@code latest}, the
 *       customer's latest redemptions (see {@link com.menuca.promo.processor.savings.SavingsStatement})</li>
 * </ul>
 * Computed as of the request. Every request must carry {@code Authorization: Bearer <processor.query.token>}
 * (401 otherwise, compared in constant time). 404 for an unknown coupon or deal, 400 for a malformed
 * id, 503 (with Retry-After) while the state is moving between instances.
 */
public final class QueryRoutes {
    private static final Logger LOGGER = LoggerFactory.getLogger(QueryRoutes.class);
    private static final Pattern PATH = Pattern.compile("^/(restaurants|coupons|deals|customers)/([^/]+)/(performance|counts|savings|redemptions)/?$");

    private final ProcessorService service;
    private final Clock clock;
    private final QueryCredential credential;

    private QueryRoutes(ProcessorService service, Clock clock, QueryCredential credential) {
        this.service = service;
        this.clock = clock;
        this.credential = credential;
    }

    /** Serves the query endpoints on {@code http}. */
    public static void register(OpsHttpServer http, ProcessorService service) {
        QueryRoutes routes = new QueryRoutes(service, Clock.systemUTC(), new QueryCredential(service.config().queryToken()));
        for (String prefix : new String[] {"/restaurants/", "/coupons/", "/deals/", "/customers/"}) {
            http.route(prefix, routes::handle);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!credential.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"promo-processor\"");
                send(exchange, 401, error("send Authorization: Bearer <processor.query.token>"));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, error("only GET is served here"));
                return;
            }
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches() || !validPair(m.group(1), m.group(3))) {
                send(exchange, 404, error("no such query; try /restaurants/{id}/performance, /restaurants/{id}/counts, "
                        + "/coupons/{id}/counts, /deals/{id}/counts, /customers/{id}/savings or /customers/{id}/redemptions"));
                return;
            }
            long id;
            try {
                id = Long.parseLong(m.group(2));
            } catch (NumberFormatException e) {
                send(exchange, 400, error("'" + m.group(2) + "' is not an id (a whole number)"));
                return;
            }
            answer(exchange, m.group(1), m.group(3), id);
        } catch (InvalidStateStoreException e) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 503, error("state is not queryable right now (" + e.getMessage() + "); retry shortly"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, error("interrupted"));
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Query {} failed: {}", exchange.getRequestURI(), e.toString());
            send(exchange, 502, error("query failed: " + e.getMessage()));
        }
    }

    private static boolean validPair(String resource, String query) {
        return switch (resource) {
            case "restaurants" -> query.equals("performance") || query.equals("counts");
            case "coupons", "deals" -> query.equals("counts");
            default -> query.equals("savings") || query.equals("redemptions");
        };
    }

    private void answer(HttpExchange exchange, String resource, String query, long id)
            throws IOException, InterruptedException {
        if (service.streams() == null || service.applicationServer() == null) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 503, error("the processor is starting"));
            return;
        }
        QueryRouter router = new QueryRouter(service.streams(), service.applicationServer(), credential);
        LiveQueries local = new LiveQueries(service.streams(), service.config().derivation(), clock);
        boolean forwarded = exchange.getRequestHeaders().containsKey(QueryRouter.FORWARDED);
        String path = exchange.getRequestURI().getPath();
        switch (resource) {
            case "restaurants" -> keyed(exchange, router, StoreNames.DEALS, id, forwarded, path, partition ->
                    query.equals("performance") ? local.performance(id, partition) : local.restaurantCounts(id, partition));
            case "customers" -> keyed(exchange, router, StoreNames.SAVINGS, id, forwarded, path, partition ->
                    query.equals("savings") ? local.savings(id, partition) : local.statement(id, partition));
            default -> {
                Optional<?> found = resource.equals("coupons") ? local.couponCounts(id) : local.dealCounts(id);
                if (found.isPresent()) {
                    send(exchange, 200, Json.mapper().writeValueAsString(found.get()));
                    return;
                }
                Optional<QueryRouter.Answer> remote = forwarded ? Optional.empty()
                        : router.firstFound(router.otherInstances(), path);
                if (remote.isPresent()) {
                    send(exchange, 200, remote.get().body());
                } else {
                    send(exchange, 404, error("no " + resource.substring(0, resource.length() - 1) + " " + id
                            + " is known to the processor"));
                }
            }
        }
    }

    /** A query on a store keyed by a Long (restaurant or customer id): answered where the key lives. */
    private void keyed(HttpExchange exchange, QueryRouter router, String store, long id, boolean forwarded, String path,
                       IntFunction<Object> query) throws IOException, InterruptedException {
        QueryRouter.Location location = router.locate(store, id);
        if (location instanceof QueryRouter.Location.Local local) {
            send(exchange, 200, Json.mapper().writeValueAsString(query.apply(local.partition())));
        } else if (location instanceof QueryRouter.Location.Remote remote && !forwarded) {
            QueryRouter.Answer answer = router.forward(remote.host(), path);
            send(exchange, answer.status(), answer.body());
        } else {
            exchange.getResponseHeaders().set("Retry-After", "1");
            send(exchange, 503, error("the state of " + id + " is moving between instances; retry shortly"));
        }
    }

    private static String error(String message) throws IOException {
        return Json.mapper().writeValueAsString(Map.of("error", message));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
