package com.menuca.promo.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The PostgREST conventions of {@code /rest/v1/rpc/}, as supabase-js relies on them, with two stand-in
 * functions: one returning rows, one returning a value.
 */
class RpcEndpointTest {
    private static final String SECRET = "rpc-endpoint-test-secret-at-least-32-bytes-long";
    private static final String TOKEN = DevTokens.mint(SECRET, "restaurant_staff", List.of(42L), null, Duration.ofHours(1));

    /** Three rows; refuses restaurant 13 as a function refuses a caller. */
    private static final RpcFunction ROWS = new RpcFunction() {
        @Override
        public String name() {
            return "rows_of";
        }

        @Override
        public List<RpcParameter> parameters() {
            return List.of(RpcParameter.bigint("p_restaurant_id"));
        }

        @Override
        public List<RpcColumn> columns() {
            return List.of(RpcColumn.bigint("deal_id"), RpcColumn.text("title"), RpcColumn.numeric("rate"));
        }

        @Override
        public CompletableFuture<JsonNode> call(Principal caller, Map<String, JsonNode> arguments) {
            try {
                long id = parameters().get(0).asLong(arguments.get("p_restaurant_id"));
                if (id == 13) {
                    return CompletableFuture.failedFuture(new RpcException(
                            io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN, "42501",
                            "permission denied for function rows_of", "not yours", null));
                }
                ArrayNode rows = Json.mapper().createArrayNode();
                rows.addObject().put("deal_id", 1).put("title", "one").put("rate", 2.5);
                rows.addObject().put("deal_id", 2).put("title", "two").putNull("rate");
                rows.addObject().put("deal_id", 3).put("title", "three").put("rate", 0.75);
                return CompletableFuture.completedFuture(rows);
            } catch (RpcException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    };

    private static final RpcFunction VALUE = new RpcFunction() {
        @Override
        public String name() {
            return "value_of";
        }

        @Override
        public List<RpcParameter> parameters() {
            return List.of(RpcParameter.bigint("p_restaurant_id"));
        }

        @Override
        public List<RpcColumn> columns() {
            return List.of();
        }

        @Override
        public CompletableFuture<JsonNode> call(Principal caller, Map<String, JsonNode> arguments) {
            return CompletableFuture.completedFuture(Json.mapper().createObjectNode().put("role", caller.role()));
        }
    };

    private final RpcEndpoint endpoint = new RpcEndpoint(new TokenVerifier(SECRET), List.of(ROWS, VALUE));

    private record Answer(int status, JsonNode body, FullHttpResponse response) {
        String header(String name) {
            return response.headers().get(name);
        }
    }

    private Answer call(HttpMethod method, String uri, String body, String... headers) {
        EmbeddedChannel channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                endpoint.handle(ctx, request);
            }
        });
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                body == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        channel.writeInbound(request);
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("an answer to %s %s", method, uri).isNotNull();
        String text = response.content().toString(StandardCharsets.UTF_8);
        try {
            return new Answer(response.status().code(), text.isEmpty() ? null : Json.mapper().readTree(text), response);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private Answer post(String uri, String body, String... headers) {
        String[] all = new String[headers.length + 6];
        System.arraycopy(new String[] {"Authorization", "Bearer " + TOKEN, "Content-Type", "application/json",
            "Content-Profile", "menuca_v3"}, 0, all, 0, 6);
        System.arraycopy(headers, 0, all, 6, headers.length);
        return call(HttpMethod.POST, uri, body, all);
    }

    private Answer get(String uri, String... headers) {
        String[] all = new String[headers.length + 4];
        System.arraycopy(new String[] {"apikey", TOKEN, "Accept-Profile", "menuca_v3"}, 0, all, 0, 4);
        System.arraycopy(headers, 0, all, 4, headers.length);
        return call(HttpMethod.GET, uri, null, all);
    }

    private static void assertPostgrestError(Answer answer, int status, String code) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.body().fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message", "details", "hint");
        assertThat(answer.body().path("code").asText()).isEqualTo(code);
        assertThat(answer.body().path("message").asText()).isNotBlank();
    }

    @Test
    void shouldAnswerPostWithAJsonBodyAndGetWithQueryParametersAlike() {
        Answer post = post("/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 42}");
        Answer get = get("/rest/v1/rpc/rows_of?p_restaurant_id=42");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.body()).isEqualTo(get.body());
        assertThat(post.body()).hasSize(3);
        assertThat(post.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(post.header("Content-Range")).isEqualTo("0-2/*");
        assertThat(post("/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": \"42\"}").body())
                .as("a number as text, as PostgreSQL reads an argument").isEqualTo(post.body());
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void shouldFilterOrderPageAndSelectRowsAsPostgrestDoes() {
        Answer answer = get("/rest/v1/rpc/rows_of?p_restaurant_id=42&rate=gte.0.75&order=rate.desc&select=id:deal_id,title");
        assertThat(answer.body().toString()).isEqualTo("[{\"id\":1,\"title\":\"one\"},{\"id\":3,\"title\":\"three\"}]");
        Answer page = post("/rest/v1/rpc/rows_of?order=deal_id.desc&offset=1&limit=1", "{\"p_restaurant_id\": 42}",
                "Prefer", "count=exact");
        assertThat(page.body().toString()).isEqualTo("[{\"deal_id\":2,\"title\":\"two\",\"rate\":null}]");
        assertThat(page.header("Content-Range")).isEqualTo("1-1/3");
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=in.(1,3)&title=neq.one").body().toString())
                .isEqualTo("[{\"deal_id\":3,\"title\":\"three\",\"rate\":0.75}]");
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&rate=is.null").body()).hasSize(1);
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&rate=not.is.null&order=rate.asc").body().toString())
                .isEqualTo("[{\"deal_id\":3,\"title\":\"three\",\"rate\":0.75},{\"deal_id\":1,\"title\":\"one\",\"rate\":2.5}]");
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=gt.9").body().toString()).isEqualTo("[]");
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=gt.9").header("Content-Range")).isEqualTo("*/*");
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&select=title", "Accept", "application/vnd.pgrst.array+json;nulls=stripped")
                .body()).hasSize(3);
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=eq.2", "Accept", "application/vnd.pgrst.array+json;nulls=stripped")
                .body().toString()).isEqualTo("[{\"deal_id\":2,\"title\":\"two\"}]");
    }

    @Test
    void shouldAnswerOneObjectWhenAskedForOneRowAndRefuseOtherwise() {
        Answer one = get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=eq.3", "Accept", "application/vnd.pgrst.object+json");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("title").asText()).isEqualTo("three");
        Answer many = get("/rest/v1/rpc/rows_of?p_restaurant_id=42", "Accept", "application/vnd.pgrst.object+json");
        assertPostgrestError(many, 406, "PGRST116");
        assertThat(many.body().path("details").asText()).isEqualTo("The result contains 3 rows");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42", "Accept", "text/csv"), 406, "PGRST107");
    }

    @Test
    void shouldServeAFunctionOfOneValueAsThatValue() {
        Answer value = post("/rest/v1/rpc/value_of", "{\"p_restaurant_id\": 42}");
        assertThat(value.body().toString()).isEqualTo("{\"role\":\"restaurant_staff\"}");
        assertThat(value.header("Content-Range")).isNull();
        assertPostgrestError(get("/rest/v1/rpc/value_of?p_restaurant_id=42&select=role"), 400, "PGRST100");
    }

    @Test
    void shouldRefuseWithPostgrestCodesAndStatuses() {
        assertPostgrestError(call(HttpMethod.PUT, "/rest/v1/rpc/rows_of", "{}", "apikey", TOKEN), 405, "PGRST101");
        Answer schema = call(HttpMethod.GET, "/rest/v1/rpc/rows_of?p_restaurant_id=42", null, "apikey", TOKEN,
                "Accept-Profile", "public");
        assertPostgrestError(schema, 406, "PGRST106");
        assertPostgrestError(call(HttpMethod.POST, "/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 42}", "apikey", TOKEN,
                "Content-Profile", "public"), 406, "PGRST106");
        Answer noKey = call(HttpMethod.POST, "/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 42}");
        assertPostgrestError(noKey, 401, "PGRST302");
        Answer badKey = call(HttpMethod.POST, "/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 42}",
                "Authorization", "Bearer " + DevTokens.mint("another-secret-of-at-least-thirty-two-bytes", "service_role",
                        List.of(), null, Duration.ofHours(1)));
        assertPostgrestError(badKey, 401, "PGRST301");
        assertThat(badKey.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        Answer expired = call(HttpMethod.GET, "/rest/v1/rpc/rows_of?p_restaurant_id=42", null, "apikey",
                DevTokens.mint(SECRET, "service_role", List.of(), null, Duration.ofSeconds(-120)));
        assertPostgrestError(expired, 401, "PGRST303");
        assertThat(expired.body().path("message").asText()).isEqualTo("JWT expired");

        Answer unknown = post("/rest/v1/rpc/nope", "{}");
        assertPostgrestError(unknown, 404, "PGRST202");
        assertThat(unknown.body().path("message").asText())
                .isEqualTo("Could not find the function menuca_v3.nope without parameters in the schema cache");
        Answer wrongArgument = post("/rest/v1/rpc/rows_of", "{\"restaurant\": 42}");
        assertPostgrestError(wrongArgument, 404, "PGRST202");
        assertThat(wrongArgument.body().path("hint").asText())
                .isEqualTo("Perhaps you meant to call the function menuca_v3.rows_of(p_restaurant_id)");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant=42"), 404, "PGRST202");
        Answer notANumber = get("/rest/v1/rpc/rows_of?p_restaurant_id=abc");
        assertPostgrestError(notANumber, 400, "22P02");
        assertThat(notANumber.body().path("message").asText()).isEqualTo("invalid input syntax for type bigint: \"abc\"");
        assertPostgrestError(post("/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 4.5}"), 400, "22P02");
        assertPostgrestError(post("/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": "), 400, "PGRST102");
        assertPostgrestError(post("/rest/v1/rpc/rows_of", "[1]"), 400, "PGRST102");
        assertPostgrestError(call(HttpMethod.POST, "/rest/v1/rpc/rows_of", "p_restaurant_id=42", "apikey", TOKEN,
                "Content-Type", "text/plain"), 415, "PGRST107");
        assertPostgrestError(post("/rest/v1/rpc/rows_of?colour=eq.red", "{\"p_restaurant_id\": 42}"), 400, "42703");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&select=colour"), 400, "42703");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&order=deal_id.sideways"), 400, "PGRST100");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&title=like.*o*"), 400, "PGRST100");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=eq.x"), 400, "22P02");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&limit=-1"), 400, "PGRST100");
        assertPostgrestError(post("/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 13}"), 403, "42501");
        assertThat(schema.body().path("hint").asText()).isEqualTo("Only the following schemas are exposed: menuca_v3");
    }

    @Test
    void shouldBoundWhatOneRequestMayAsk() {
        String twentyFilters = "&deal_id=gt.0".repeat(20);
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42" + twentyFilters).status()).isEqualTo(200);
        Answer tooManyFilters = get("/rest/v1/rpc/rows_of?p_restaurant_id=42" + twentyFilters + "&title=neq.x");
        assertPostgrestError(tooManyFilters, 400, "PGRST100");
        assertThat(tooManyFilters.body().path("message").asText()).isEqualTo("too many filters");

        String hundred = String.join(",", java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(String::valueOf).toList());
        assertThat(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=in.(" + hundred + ")").status()).isEqualTo(200);
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&deal_id=in.(" + hundred + ",101)"), 400, "PGRST100");

        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&p_restaurant_id=43"), 400, "PGRST100");
        assertPostgrestError(get("/rest/v1/rpc/rows_of?p_restaurant_id=42&limit=99999999999999999999"), 400, "PGRST100");
        assertPostgrestError(post("/rest/v1/rpc/rows_of", "{\"p_restaurant_id\": 99999999999999999999}"), 400, "22003");
    }
}
