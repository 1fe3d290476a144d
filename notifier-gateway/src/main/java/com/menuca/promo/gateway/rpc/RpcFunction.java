package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A function of schema {@code menuca_v3} that the gateway serves at {@code /rest/v1/rpc/<name>}.
 * Implementations check the caller's rights themselves (a refusal is {@code 42501}).
 */
public interface RpcFunction {
    /** The function's name, as in the URL. */
    String name();

    /** Its parameters; a call must name exactly these. */
    List<RpcParameter> parameters();

    /**
     * The columns of its rows when it returns a set (a JSON array of objects, which PostgREST's
     * {@code select}, {@code order}, {@code limit}, {@code offset} and filters apply to); empty when
     * it returns one value.
     */
    List<RpcColumn> columns();

    /**
     * Calls it. The future completes with an array of row objects (set-returning functions; empty,
     * never null, when there are no rows) or with one JSON value (possibly {@code null}), or fails
     * with an {@link RpcException}.
     *
     * @param arguments one value per parameter, by name
     */
    CompletableFuture<JsonNode> call(Principal caller, Map<String, JsonNode> arguments);

    default boolean returnsRows() {
        return !columns().isEmpty();
    }

    /** {@code menuca_v3.name(p_a, p_b)}, as PostgREST names a function in messages. */
    default String signature(String schema) {
        return schema + "." + name() + "(" + String.join(", ", parameters().stream().map(RpcParameter::name).toList()) + ")";
    }
}
