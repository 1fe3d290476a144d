package com.menuca.promo.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /rest/v1/rpc/get_customer_redemptions} {@code {"p_customer_id": 7}}: a customer's savings
 * and latest redemptions, latest first, as the stream processor keeps them (in one state value, so the
 * count and the list always agree). For callers who may join both channels this summarises,
 * {@code customer:{id}:savings} and {@code customer:{id}:coupons}: under the built-in policy the
 * customer themself and {@code service_role}. Each listed redemption also passes the event conditions
 * the caller's grant on {@code customer:{id}:coupons} sets, exactly as its live {@code coupon_redeemed}
 * event would.
 */
final class CustomerRedemptionsRpc {
    private static final Logger LOGGER = LoggerFactory.getLogger(CustomerRedemptionsRpc.class);
    static final String PATH = "/rest/v1/rpc/get_customer_redemptions";

    private final TokenVerifier verifier;
    private final Policy policy;
    private final ProcessorQueries processor;

    /** @param processor the processor's query API, or null when none is configured */
    CustomerRedemptionsRpc(TokenVerifier verifier, Policy policy, ProcessorQueries processor) {
        this.verifier = verifier;
        this.policy = policy;
        this.processor = processor;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.POST) && !request.method().equals(HttpMethod.GET)) {
            RestHandler.error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "PGRST101", "use POST");
            return;
        }
        Principal principal;
        try {
            principal = verifier.verify(RestHandler.token(request));
        } catch (AuthException e) {
            RestHandler.error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "PGRST301", e.getMessage());
            return;
        }
        long customer;
        try {
            customer = RpcArguments.id(request, "p_customer_id", "customer");
        } catch (RpcArguments.Invalid e) {
            RestHandler.error(ctx, request, HttpResponseStatus.BAD_REQUEST, e.code(), e.getMessage());
            return;
        }
        Access access = policy.accessFor(principal);
        Optional<EventFilter> redemptions = access.channelAccess("customer:" + customer + ":coupons");
        if (redemptions.isEmpty() || access.channelAccess("customer:" + customer + ":savings").isEmpty()) {
            RestHandler.error(ctx, request, HttpResponseStatus.FORBIDDEN, "42501", "role '" + principal.role()
                    + "' may not read the redemptions of customer " + customer);
            return;
        }
        if (processor == null) {
            RestHandler.error(ctx, request, HttpResponseStatus.NOT_FOUND, "PGRST202",
                    "get_customer_redemptions is not served: this gateway has no gateway.processor.url");
            return;
        }
        // The request is released when this returns; the answer needs only its version and headers.
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        processor.customerRedemptions(customer).whenComplete((response, failure) -> ctx.executor().execute(() ->
                answer(ctx, head, customer, redemptions.get(), response, failure)));
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest head, long customer, EventFilter filter,
                        HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            LOGGER.warn("Redemptions of customer {}: the stream processor at {} did not answer: {}", customer,
                    processor.base(), failure.toString());
            RestHandler.error(ctx, head, HttpResponseStatus.SERVICE_UNAVAILABLE, "PGRST503",
                    "the stream processor did not answer; retry shortly");
            return;
        }
        if (response.statusCode() == 503) {
            RestHandler.error(ctx, head, HttpResponseStatus.SERVICE_UNAVAILABLE, "PGRST503",
                    "the stream processor is starting or moving this customer's state; retry shortly");
            return;
        }
        if (response.statusCode() != 200) {
            LOGGER.warn("Redemptions of customer {}: the stream processor answered {}: {}", customer,
                    response.statusCode(), response.body());
            RestHandler.error(ctx, head, HttpResponseStatus.BAD_GATEWAY, "PGRST502",
                    "the stream processor answered " + response.statusCode());
            return;
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
            HttpResponses.bytes(ctx, head, HttpResponseStatus.OK, "application/json",
                    Unpooled.wrappedBuffer(Json.mapper().writeValueAsBytes(statement)), false);
        } catch (IOException | ClassCastException e) {
            LOGGER.warn("Redemptions of customer {}: unreadable answer from the stream processor: {}", customer, e.toString());
            RestHandler.error(ctx, head, HttpResponseStatus.BAD_GATEWAY, "PGRST502",
                    "the stream processor's answer was not readable");
        }
    }
}
