package com.menuca.promo.gateway;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.auth.VerificationKeys;
import com.menuca.promo.gateway.ops.MetricsTarget;
import com.menuca.promo.gateway.ops.OpsSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the gateway can be told, read once at start-up from a properties file, {@code PROMO_*}
 * environment variables and command-line overrides.
 *
 * <p>{@link #load} is for a gateway facing real users: it refuses to start without a verification
 * key (an HS256 secret of its own or a JWKS URL). {@link #loadForDev} is for {@code promo dev} and
 * tests: with no key configured it verifies with the public dev secret, and it serves demo tokens
 * at {@code /dev/token}.
 *
 * @param keys what client credentials are verified with
 * @param dev  true only for {@code promo dev} and tests ({@link #loadForDev})
 */
public record GatewayConfig(
        String host,
        int port,
        KafkaConnection kafka,
        VerificationKeys keys,
        Path policyFile,
        Path staticDir,
        Duration heartbeatTimeout,
        int maxFrameBytes,
        int maxChangeBytes,
        int maxChannelsPerConnection,
        int joinsPerSecond,
        int messagesPerSecond,
        int eventsPerSecond,
        int sendQueueFrames,
        int maxConnectionsPerIp,
        int maxConnectionsPerToken,
        long maxReplayRecords,
        boolean dev,
        int ioThreads,
        URI processorUrl,
        String processorToken,
        int sendQueueBytes,
        int maxBindingsPerJoin,
        int maxConnections,
        Duration handshakeTimeout,
        java.util.Set<String> allowedOrigins,
        String resumeKey,
        long replayBudgetRecords,
        int replayQueue,
        OpsSettings ops,
        ClientMessageLimits clientLimits) {

    public static final Setting<String> HOST = Setting.of("gateway.host", ValueParser.STRING, "127.0.0.1",
            "Interface the gateway listens on (0.0.0.0 for all).");
    public static final Setting<Integer> PORT = Setting.of("gateway.port", ValueParser.PORT, 4000,
            "Port of the WebSocket endpoint /realtime/v1/websocket, the RPC and static files (0 = any free port).");
    public static final Setting<String> JWT_SECRET = Setting.optional("gateway.jwt.secret", ValueParser.STRING,
            "HS256 secret of client tokens: at least 32 bytes, never the public dev secret of `promo token`. Unset: HS256 "
                    + "tokens are refused. `promo gateway` needs this or gateway.jwks.url to start; `promo dev` uses its dev secret when neither is set.").secret();
    public static final Setting<String> JWKS_URL = Setting.optional("gateway.jwks.url", ValueParser.STRING,
            "URL of a JWKS whose keys verify RS256, ES256 and EdDSA (Ed25519) tokens, e.g. Supabase's "
                    + "https://<project>.supabase.co/auth/v1/.well-known/jwks.json. Keys are cached, refreshed in the background "
                    + "and fetched again when a token names an unknown kid. With a JWKS, HS256 is accepted only if gateway.jwt.secret is set too.");
    public static final Setting<String> JWT_ISSUER = Setting.optional("gateway.jwt.issuer", ValueParser.STRING,
            "The iss claim every token must carry (Supabase Auth: https://<project>.supabase.co/auth/v1). Unset: not checked.");
    public static final Setting<List<String>> JWT_AUDIENCE = Setting.optional("gateway.jwt.audience", ValueParser.LIST,
            "aud values a token must carry one of, comma-separated (Supabase Auth: authenticated). Unset: not checked.");
    public static final Setting<Duration> JWT_CLOCK_SKEW = Setting.of("gateway.jwt.clock.skew", ValueParser.DURATION,
            Duration.ofSeconds(10), "Tolerance for the exp and nbf claims of tokens (clocks of issuer and gateway differ).");
    public static final Setting<List<String>> PUBLISHABLE_KEYS = Setting.optional("gateway.publishable.keys", ValueParser.LIST,
            "Supabase publishable API keys (sb_publishable_..., comma-separated) accepted as apikey with role anon; "
                    + "each channel join then runs with the user's JWT in its access_token, if any.");
    public static final Setting<String> POLICY_FILE = Setting.optional("gateway.policy.file", ValueParser.STRING,
            "YAML policy file (who may see which rows and channels); unset = the built-in default policy.");
    public static final Setting<String> STATIC_DIR = Setting.optional("gateway.static.dir", ValueParser.STRING,
            "Directory served at / (a dashboard); unset = the files built into the gateway.");
    public static final Setting<Duration> HEARTBEAT_TIMEOUT = Setting.of("gateway.heartbeat.timeout", ValueParser.DURATION,
            Duration.ofSeconds(60), "A socket that sends nothing (not even a heartbeat) for this long is closed.");
    public static final Setting<Integer> MAX_FRAME_BYTES = Setting.of("gateway.max.frame.bytes",
            ValueParser.intBetween(1_024, 16 * 1024 * 1024), 64 * 1024, "Largest frame a client may send; larger ones close the socket (1009).");
    public static final Setting<Integer> MAX_CHANGE_BYTES = Setting.of("gateway.max.change.bytes",
            ValueParser.intBetween(1_024, 64 * 1024 * 1024), 1024 * 1024,
            "Rows of a change larger than this have their long text values cut to 64 characters, listed in `errors`.");
    public static final Setting<Integer> MAX_CHANNELS = Setting.of("gateway.max.channels.per.connection",
            ValueParser.intBetween(1, 10_000), 100, "Channels one socket may join.");
    public static final Setting<Integer> JOINS_PER_SECOND = Setting.of("gateway.joins.per.second",
            ValueParser.intBetween(1, 100_000), 20, "Joins one socket may make per second (burst of the same size).");
    public static final Setting<Integer> MESSAGES_PER_SECOND = Setting.of("gateway.messages.per.second",
            ValueParser.intBetween(1, 1_000_000), 100, "Messages one socket may send per second; more are refused with an error reply.");
    public static final Setting<Integer> EVENTS_PER_SECOND = Setting.of("gateway.events.per.second",
            ValueParser.intBetween(1, 10_000_000), 5_000, "Frames sent to one socket per second; more wait in its send queue.");
    public static final Setting<Integer> SEND_QUEUE_FRAMES = Setting.of("gateway.send.queue.frames",
            ValueParser.intBetween(16, 1_000_000), 10_000,
            "Frames that may wait for a slow socket; past this it is closed (4008) and can resume without loss.");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_IP = Setting.of("gateway.max.connections.per.ip",
            ValueParser.intBetween(1, 10_000_000), 1_000, "Open sockets per client IP address; more are refused with 429. "
                    + "Room for a large office or carrier NAT; behind a proxy that connects from one address, raise it.");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_TOKEN = Setting.of("gateway.max.connections.per.token",
            ValueParser.intBetween(1, 10_000_000), 100, "Open sockets per token subject (`sub`); more are refused with 429. "
                    + "Tokens without a subject (shared API keys) are limited per IP only.");
    public static final Setting<Long> MAX_REPLAY_RECORDS = Setting.of("gateway.max.replay.records",
            ValueParser.longAtLeast(0), 1_000_000L,
            "Largest gap a resuming client gets replayed; a larger one is refused at join (ResumeGapTooLarge).");
    public static final Setting<Integer> IO_THREADS = Setting.of("gateway.io.threads", ValueParser.intBetween(0, 256), 0,
            "Socket event-loop threads (0 = one per core).");

    public static final Setting<String> PROCESSOR_URL = Setting.optional("gateway.processor.url", ValueParser.STRING,
            "Base URL of the stream processor's query API (http://processor:8082), which serves the "
                    + "get_customer_redemptions RPC; unset = that RPC answers 404.");
    public static final Setting<String> PROCESSOR_TOKEN = Setting.optional("gateway.processor.token", ValueParser.STRING,
            "Credential the processor's query API requires, sent as `Authorization: Bearer <token>` with every query.")
            .secret();

    public static final Setting<Integer> SEND_QUEUE_BYTES = Setting.of("gateway.send.queue.bytes",
            ValueParser.intBetween(64 * 1024, 1024 * 1024 * 1024), 4 * 1024 * 1024,
            "Bytes of frames (events and replies) that may wait for a slow socket; past this, as past "
                    + "gateway.send.queue.frames, it is closed (4008).");
    public static final Setting<Integer> MAX_BINDINGS_PER_JOIN = Setting.of("gateway.max.bindings.per.join",
            ValueParser.intBetween(1, 1_000), 16, "postgres_changes bindings one join may carry; more are refused (TooManyBindings).");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.of("gateway.max.connections",
            ValueParser.intBetween(1, 10_000_000), 50_000,
            "Open sockets of this gateway, upgraded or not; a socket accepted past it is closed at once.");
    public static final Setting<Duration> HANDSHAKE_TIMEOUT = Setting.of("gateway.handshake.timeout", ValueParser.DURATION,
            Duration.ofSeconds(10), "A socket that has not sent a whole HTTP request (or upgraded) within this long of "
                    + "connecting, or of its last response, is closed: idle and slow (slowloris) sockets hold nothing.");

    public static final Setting<String> ALLOWED_ORIGINS = Setting.optional("gateway.allowed.origins", ValueParser.STRING,
            "Comma-separated origins (https://app.example.com) allowed to open a WebSocket or call the REST endpoints "
                    + "(the RPCs, the operator view's /ops/v1/metrics) from a browser; a request with another Origin header "
                    + "is refused with 403. Unset: any origin. Requests without an Origin header (servers, native apps) are "
                    + "not affected.");

    public static final Setting<String> RESUME_KEY = Setting.optional("gateway.resume.key", ValueParser.STRING,
            "Key that signs resume positions (HMAC-SHA256), at least 32 bytes, the same on every gateway instance so a "
                    + "client resumes on any of them; positions it did not sign are refused. Required outside `promo dev` (which uses a public dev key).")
            .secret();
    public static final Setting<Long> REPLAY_BUDGET_RECORDS = Setting.of("gateway.replay.budget.records",
            ValueParser.longAtLeast(0), 1_000_000L,
            "Records one socket may have replayed over its life, all resumes together; past it a resume is refused "
                    + "(ReplayBudgetExceeded).");
    public static final Setting<Integer> REPLAY_QUEUE = Setting.of("gateway.replay.queue", ValueParser.intBetween(1, 10_000),
            64, "Replays (and retention checks) that may wait for one of the 2 replay threads; past it a resume is "
                    + "refused (ReplayBusy) and the client retries.");

    /** The allow-list of origins, empty when unset (any origin). */
    private static java.util.Set<String> origins(String list) {
        if (list == null || list.isBlank()) {
            return java.util.Set.of();
        }
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(o -> !o.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public static final Setting<String> OPS_HOST = Setting.of("gateway.ops.host", ValueParser.STRING, "127.0.0.1",
            "Interface of the ops endpoints /health, /ready and /metrics: reached by the platform (probes, Prometheus), "
                    + "never by browsers; 0.0.0.0 where probes come from outside the host.");
    public static final Setting<Integer> OPS_PORT = Setting.of("gateway.ops.port", ValueParser.PORT, 4001,
            "Port of /health, /ready and /metrics, apart from the client port (0 = any free port).");
    public static final Setting<Duration> DRAIN_PERIOD = Setting.of("gateway.drain.period", ValueParser.DURATION,
            Duration.ofSeconds(5), "A stopping gateway (SIGTERM) closes its sockets with 1001 (going away) spread over this "
                    + "long, so its clients reconnect to the other instances a few at a time and resume there; 0s closes all at once.");
    public static final Setting<List<MetricsTarget>> OPS_METRICS_TARGETS = Setting.optional("gateway.ops.metrics.targets",
            new ValueParser<>() {
                @Override
                public List<MetricsTarget> parse(String text) {
                    return MetricsTarget.parseList(text);
                }

                @Override
                public String format(List<MetricsTarget> value) {
                    return String.join(",", value.stream().map(t -> t.name() + "=" + t.url()).toList());
                }
            }, "Services whose /metrics the dashboard's operator view shows beside the gateway's own, as name=url pairs, "
                    + "comma-separated (capture=http://capture:8081/metrics,processor-0=http://processor-0.processor:8082/metrics). "
                    + "The gateway fetches them for the view; browsers never reach those ports.");
    public static final Setting<String> OPS_METRICS_TOKEN = Setting.optional("gateway.ops.metrics.token", ValueParser.STRING,
            "Sent as Authorization: Bearer to the metrics targets, for targets that require a credential.").secret();
    public static final Setting<List<String>> OPS_ROLES = Setting.of("gateway.ops.roles", ValueParser.LIST,
            List.of("service_role", "operator"), "Token roles that may read the operator view's metrics (/ops/v1/metrics).");

    public static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, KafkaSettings.BOOTSTRAP_SERVERS, KafkaSettings.CLIENT, JWT_SECRET, JWKS_URL,
            JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_SKEW, PUBLISHABLE_KEYS, POLICY_FILE, STATIC_DIR, HEARTBEAT_TIMEOUT, MAX_FRAME_BYTES, MAX_CHANGE_BYTES, MAX_CHANNELS,
            JOINS_PER_SECOND, MESSAGES_PER_SECOND, EVENTS_PER_SECOND, SEND_QUEUE_FRAMES, MAX_CONNECTIONS_PER_IP,
            MAX_CONNECTIONS_PER_TOKEN, MAX_REPLAY_RECORDS, IO_THREADS, PROCESSOR_URL, PROCESSOR_TOKEN, SEND_QUEUE_BYTES,
            MAX_BINDINGS_PER_JOIN, MAX_CONNECTIONS, HANDSHAKE_TIMEOUT, ALLOWED_ORIGINS, RESUME_KEY, REPLAY_BUDGET_RECORDS,
            REPLAY_QUEUE, OPS_HOST, OPS_PORT, DRAIN_PERIOD, OPS_METRICS_TARGETS, OPS_METRICS_TOKEN, OPS_ROLES,
            ClientMessageLimits.BROADCAST_MAX_BYTES, ClientMessageLimits.BROADCASTS_PER_SECOND,
            ClientMessageLimits.HTTP_BROADCASTS_PER_SECOND, ClientMessageLimits.HTTP_MAX_MESSAGES,
            ClientMessageLimits.PRESENCE_MAX_BYTES, ClientMessageLimits.PRESENCES_PER_CONNECTION,
            ClientMessageLimits.PRESENCES_PER_CHANNEL, ClientMessageLimits.TRACKS_PER_MINUTE,
            ClientMessageLimits.PRESENCE_TIMEOUT);

    /** The resume position key of {@code promo dev} and tests (public, like the dev token secret). */
    public static final String DEV_RESUME_KEY = "promo-dev-resume-position-key-not-for-production";

    /** The configuration of a gateway facing real users: refuses to load without a verification key. */
    public static GatewayConfig load(ConfigSource source) {
        return load(source, false);
    }

    /**
     * The configuration of {@code promo dev} and tests: verifies with the public dev secret when no key
     * is configured, and serves demo tokens at {@code /dev/token}.
     */
    public static GatewayConfig loadForDev(ConfigSource source) {
        return load(source, true);
    }

    private static GatewayConfig load(ConfigSource source, boolean dev) {
        ResolvedSettings s = ResolvedSettings.resolve("gateway", SETTINGS, source);
        List<String> problems = new ArrayList<>();
        VerificationKeys keys = keys(s, dev, problems);
        String policy = s.get(POLICY_FILE);
        if (policy != null && !java.nio.file.Files.isRegularFile(Path.of(policy))) {
            problems.add(POLICY_FILE.key() + " = '" + policy + "' is not a readable file (set " + POLICY_FILE.envVar() + ")");
        }
        String statics = s.get(STATIC_DIR);
        if (statics != null && !java.nio.file.Files.isDirectory(Path.of(statics))) {
            problems.add(STATIC_DIR.key() + " = '" + statics + "' is not a directory (set " + STATIC_DIR.envVar() + ")");
        }
        URI processor = processorUrl(s.get(PROCESSOR_URL), problems);
        String resumeKey = blankToNull(s.get(RESUME_KEY));
        if (resumeKey == null && dev) {
            resumeKey = DEV_RESUME_KEY;
        } else if (resumeKey == null || resumeKey.getBytes(StandardCharsets.UTF_8).length < 32) {
            problems.add(RESUME_KEY.key() + " must be set to at least 32 bytes, the same on every gateway instance (set "
                    + RESUME_KEY.envVar() + ", e.g. from `openssl rand -base64 32`): it signs resume positions");
        }
        ClientMessageLimits clientLimits = ClientMessageLimits.from(s, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("gateway", problems);
        }
        return new GatewayConfig(s.get(HOST), s.get(PORT), KafkaSettings.from(s), keys,
                policy == null ? null : Path.of(policy), statics == null ? null : Path.of(statics),
                s.get(HEARTBEAT_TIMEOUT), s.get(MAX_FRAME_BYTES), s.get(MAX_CHANGE_BYTES), s.get(MAX_CHANNELS),
                s.get(JOINS_PER_SECOND), s.get(MESSAGES_PER_SECOND), s.get(EVENTS_PER_SECOND), s.get(SEND_QUEUE_FRAMES),
                s.get(MAX_CONNECTIONS_PER_IP), s.get(MAX_CONNECTIONS_PER_TOKEN), s.get(MAX_REPLAY_RECORDS),
                dev, s.get(IO_THREADS), processor, blankToNull(s.get(PROCESSOR_TOKEN)), s.get(SEND_QUEUE_BYTES),
                s.get(MAX_BINDINGS_PER_JOIN), s.get(MAX_CONNECTIONS), s.get(HANDSHAKE_TIMEOUT),
                origins(s.get(ALLOWED_ORIGINS)), resumeKey, s.get(REPLAY_BUDGET_RECORDS), s.get(REPLAY_QUEUE), ops(s),
                clientLimits);
    }

    /** An absolute http(s) URL without query, or null when unset; a problem otherwise. */
    private static URI processorUrl(String text, List<String> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null) {
                throw new URISyntaxException(text, "not an http(s) URL with a host and no query");
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(PROCESSOR_URL.key() + " = '" + text + "' is not a URL such as http://processor:8082 (set "
                    + PROCESSOR_URL.envVar() + ")");
            return null;
        }
    }

    /** The verification keys, with every problem found added to {@code problems}. */
    private static VerificationKeys keys(ResolvedSettings s, boolean dev, List<String> problems) {
        String secret = blankToNull(s.get(JWT_SECRET));
        String jwks = blankToNull(s.get(JWKS_URL));
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            problems.add(JWT_SECRET.key() + " must be at least 32 bytes for HS256 (set " + JWT_SECRET.envVar() + ")");
        }
        if (secret != null && secret.equals(DevTokens.DEV_SECRET) && !dev) {
            problems.add(JWT_SECRET.key() + " is the public dev secret of `promo token`: anyone could mint any role. "
                    + "Set " + JWT_SECRET.envVar() + " to a secret of your own (at least 32 random bytes)");
        }
        if (jwks != null) {
            try {
                URI uri = URI.create(jwks);
                if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    problems.add(JWKS_URL.key() + " = '" + jwks + "' is not an http(s) URL (set " + JWKS_URL.envVar() + ")");
                }
            } catch (IllegalArgumentException e) {
                problems.add(JWKS_URL.key() + " = '" + jwks + "' is not a URL: " + e.getMessage() + " (set " + JWKS_URL.envVar() + ")");
            }
        }
        if (secret == null && jwks == null) {
            if (dev) {
                secret = DevTokens.DEV_SECRET;
            } else {
                problems.add("no key to verify client tokens: set " + JWT_SECRET.envVar() + " (HS256, at least 32 bytes) or "
                        + JWKS_URL.envVar() + " (RS256/ES256/EdDSA, e.g. your Supabase project's JWKS); see docs/security.md");
            }
        }
        Set<String> publishable = new LinkedHashSet<>();
        List<String> listed = s.get(PUBLISHABLE_KEYS);
        List<String> keys = listed == null ? List.of() : listed;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (!key.startsWith("sb_publishable_") || key.length() <= "sb_publishable_".length()) {
                // not echoed: it may be a secret key pasted in the wrong place
                problems.add(PUBLISHABLE_KEYS.key() + ": entry " + (i + 1) + " is not a publishable key (sb_publishable_...); "
                        + "never list secret keys or JWTs there (set " + PUBLISHABLE_KEYS.envVar() + ")");
            } else {
                publishable.add(key);
            }
        }
        List<String> audience = s.get(JWT_AUDIENCE);
        return new VerificationKeys(secret, jwks, blankToNull(s.get(JWT_ISSUER)),
                audience == null ? Set.of() : new LinkedHashSet<>(audience), s.get(JWT_CLOCK_SKEW), publishable);
    }

    private static OpsSettings ops(ResolvedSettings s) {
        List<MetricsTarget> targets = s.get(OPS_METRICS_TARGETS);
        return new OpsSettings(s.get(OPS_HOST), s.get(OPS_PORT), s.get(DRAIN_PERIOD), targets == null ? List.of() : targets,
                blankToNull(s.get(OPS_METRICS_TOKEN)), new LinkedHashSet<>(s.get(OPS_ROLES)));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
