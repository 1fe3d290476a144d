package com.menuca.promo.bench.faults;

import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream processors' interactive query of one coupon ({@code GET /coupons/{id}/counts}), asked of
 * each instance as a client would: an instance that does not hold the coupon routes the query to the one
 * that does.
 */
final class CouponQueries {
    private static final Logger LOGGER = LoggerFactory.getLogger(CouponQueries.class);
    /** Header of a query forwarded between instances: answered where it lands (the processor's QueryRouter). */
    private static final String FORWARDED = "X-Promo-Forwarded";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Integer> ports;
    private final long couponId;
    private final String authorization;

    /** @param authorization the {@code Authorization} header the processors require ({@code Bearer <token>}) */
    CouponQueries(List<Integer> ports, long couponId, String authorization) {
        this.ports = List.copyOf(ports);
        this.couponId = couponId;
        this.authorization = authorization;
    }

    /** The instance (index into the ports) whose own state holds the coupon, if one answers for it. */
    OptionalInt holder() throws InterruptedException {
        for (int i = 0; i < ports.size(); i++) {
            if (total(ports.get(i), true) >= 0) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Asks every instance until each answers {@code expected} as the coupon's {@code redemptions.total}, or
     * the timeout passes (state moving between instances is answered 503, a dead instance not at all).
     * Returns each instance's last answer, -1 for none.
     */
    List<Long> awaitTotals(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> totals = new ArrayList<>();
        for (int port : ports) {
            long total = total(port, false);
            while (total != expected && System.nanoTime() < deadline) {
                Thread.sleep(250);
                total = total(port, false);
            }
            totals.add(total);
        }
        return totals;
    }

    /** {@code redemptions.total} as one instance answers it; -1 if it does not answer 200. */
    private long total(int port, boolean localOnly) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/coupons/" + couponId + "/counts")).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization);
        if (localOnly) {
            request.header(FORWARDED, "1");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOGGER.debug("processor :{} answered {} for coupon {}: {}", port, response.statusCode(), couponId,
                        response.body());
                return -1;
            }
            return Json.mapper().readTree(response.body()).path("redemptions").path("total").asLong(-1);
        } catch (IOException e) {
            LOGGER.debug("processor :{} unreachable: {}", port, e.getMessage());
            return -1;
        }
    }
}
