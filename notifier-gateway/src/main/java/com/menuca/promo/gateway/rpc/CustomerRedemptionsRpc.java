package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.schemas.json.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code get_customer_redemptions(p_customer_id bigint)}: a customer's savings and latest redemptions,
 * latest first, as the stream processor keeps them (in one state value, so the count and the list
 * always agree), one JSON object. For callers who may join both channels this summarises,
 * {@code customer:{id}:savings} and {@code customer:{id}:coupons}: under the built-in policy the
 * customer themself and {@code service_role}. Each listed redemption also passes the event conditions
 * the caller's grant on {@code customer:{id}:coupons} sets, exactly as its live {@code coupon_redeemed}
 * event would. Asked of the processor's query API ({@code gateway.processor.url}) without holding an
 * event loop.
 */
public final class CustomerRedemptionsRpc implements RpcFunction {
    private static final Logger LOGGER = LoggerFactory.getLogger(CustomerRedemptionsRpc.class);
    public static final String NAME = "get_customer_redemptions";
    private static final RpcParameter CUSTOMER = RpcParameter.bigint("p_customer_id");

    private final Policy policy;
    private final ProcessorQueries processor;

    /** @param processor the processor's query API, or null when none is configured */
    public CustomerRedemptionsRpc(Policy policy, ProcessorQueries processor) {
        this.policy = policy;
        this.processor = processor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RpcParameter> parameters() {
        return List.of(CUSTOMER);
    }

    @Override
    public List<RpcColumn> columns() {
        return List.of();
    }

    @Override
    public CompletableFuture<JsonNode> call(Principal caller, Map<String, JsonNode> arguments) {
        long customer;
        EventFilter filter;
        try {
            if (arguments.get(CUSTOMER.name()).isNull()) {
                return CompletableFuture.completedFuture(Json.mapper().nullNode());
            }
            customer = CUSTOMER.asLong(arguments.get(CUSTOMER.name()));
            Access access = policy.accessFor(caller);
            Optional<EventFilter> redemptions = access.channelAccess("customer:" + customer + ":coupons");
            if (redemptions.isEmpty() || access.channelAccess("customer:" + customer + ":savings").isEmpty()) {
                throw new RpcException(HttpResponseStatus.FORBIDDEN, "42501", "permission denied for function " + NAME,
                        "role '" + caller.role() + "' may not read the redemptions of customer " + customer,
                        "Call it with the customer's own token (or service_role).");
            }
            if (processor == null) {
                throw new RpcException(HttpResponseStatus.NOT_FOUND, "PGRST202", NAME
                        + " is not served: this gateway has no gateway.processor.url", null,
                        "Set gateway.processor.url to the stream processor's query API.");
            }
            filter = redemptions.get();
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
        return processor.customerRedemptions(customer).handle((response, failure) -> answer(customer, filter, response, failure));
    }

    private JsonNode answer(long customer, EventFilter filter, HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            LOGGER.warn("Redemptions of customer {}: the stream processor at {} did not answer: {}", customer,
                    processor.base(), failure.toString());
            throw fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "PGRST503", "the stream processor did not answer; retry shortly");
        }
        if (response.statusCode() == 503) {
            throw fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "PGRST503",
                    "the stream processor is starting or moving this customer's state; retry shortly");
        }
        if (response.statusCode() != 200) {
            LOGGER.warn("Redemptions of customer {}: the stream processor answered {}: {}", customer, response.statusCode(),
                    response.body());
            throw fail(HttpResponseStatus.BAD_GATEWAY, "PGRST502", "the stream processor answered " + response.statusCode());
        }
        try {
            ObjectNode statement = (ObjectNode) Json.mapper().readTree(response.body());
            ArrayNode allowed = Json.mapper().createArrayNode();
            for (JsonNode redemption : statement.path("latest")) {
                if (filter.allows(redemption)) {
                    allowed.add(redemption);
                }
            }
            statement.set("latest", allowed);
            return statement;
        } catch (IOException | ClassCastException e) {
            LOGGER.warn("Redemptions of customer {}: unreadable answer from the stream processor: {}", customer, e.toString());
            throw fail(HttpResponseStatus.BAD_GATEWAY, "PGRST502", "the stream processor's answer was not readable");
        }
    }

    private static java.util.concurrent.CompletionException fail(HttpResponseStatus status, String code, String message) {
        return new java.util.concurrent.CompletionException(new RpcException(status, code, message, null, null));
    }
}
