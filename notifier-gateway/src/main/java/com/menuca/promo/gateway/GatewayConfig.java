package com.menuca.promo.gateway;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.gateway.auth.DevTokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the gateway can be told, read once at start-up from a properties file, {@code PROMO_*}
 * environment variables and command-line overrides.
 */
public record GatewayConfig(
        String host,
        int port,
        String kafkaBootstrapServers,
        String jwtSecret,
        String jwksUrl,
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
        boolean devTokens,
        int ioThreads) {

    public static final Setting<String> HOST = Setting.of("gateway.host", ValueParser.STRING, "127.0.0.1",
            "Interface the gateway listens on (0.0.0.0 for all).");
    public static final Setting<Integer> PORT = Setting.of("gateway.port", ValueParser.PORT, 4000,
            "Port of the WebSocket endpoint /realtime/v1/websocket, the RPC, static files and /health, /ready, /metrics (0 = any free port).");
    public static final Setting<String> KAFKA_BOOTSTRAP = Setting.of("kafka.bootstrap.servers", ValueParser.STRING,
            "127.0.0.1:9092", "Kafka brokers, host:port[,host:port...].");
    public static final Setting<String> JWT_SECRET = Setting.of("gateway.jwt.secret", ValueParser.STRING,
            DevTokens.DEV_SECRET, "HS256 secret of client tokens (at least 32 bytes). The default is the public dev secret of `promo token`: set your own in production.").secret();
    public static final Setting<String> JWKS_URL = Setting.optional("gateway.jwks.url", ValueParser.STRING,
            "URL of a JWKS whose keys verify RS256 and ES256 tokens (keys cached and refreshed).");
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
            ValueParser.intBetween(1, 10_000_000), 20_000, "Open sockets per client IP address; more are refused with 429.");
    public static final Setting<Integer> MAX_CONNECTIONS_PER_TOKEN = Setting.of("gateway.max.connections.per.token",
            ValueParser.intBetween(1, 10_000_000), 20_000, "Open sockets per token subject; more are refused with 429.");
    public static final Setting<Long> MAX_REPLAY_RECORDS = Setting.of("gateway.max.replay.records",
            ValueParser.longAtLeast(0), 1_000_000L,
            "Largest gap a resuming client gets replayed; a larger one is refused at join (ResumeGapTooLarge).");
    public static final Setting<Boolean> DEV_TOKENS = Setting.of("gateway.dev.tokens", ValueParser.BOOLEAN, false,
            "Serve GET /dev/token, minting demo tokens for any restaurant or customer with the configured secret. "
                    + "`promo dev` turns it on for its dashboard; never enable it where real users connect.");
    public static final Setting<Integer> IO_THREADS = Setting.of("gateway.io.threads", ValueParser.intBetween(0, 256), 0,
            "Socket event-loop threads (0 = one per core).");

    public static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, KAFKA_BOOTSTRAP, JWT_SECRET, JWKS_URL,
            POLICY_FILE, STATIC_DIR, HEARTBEAT_TIMEOUT, MAX_FRAME_BYTES, MAX_CHANGE_BYTES, MAX_CHANNELS,
            JOINS_PER_SECOND, MESSAGES_PER_SECOND, EVENTS_PER_SECOND, SEND_QUEUE_FRAMES, MAX_CONNECTIONS_PER_IP,
            MAX_CONNECTIONS_PER_TOKEN, MAX_REPLAY_RECORDS, DEV_TOKENS, IO_THREADS);

    public static GatewayConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("gateway", SETTINGS, source);
        List<String> problems = new ArrayList<>();
        String secret = s.get(JWT_SECRET);
        if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            problems.add(JWT_SECRET.key() + " must be at least 32 bytes for HS256 (set " + JWT_SECRET.envVar() + ")");
        }
        String policy = s.get(POLICY_FILE);
        if (policy != null && !java.nio.file.Files.isRegularFile(Path.of(policy))) {
            problems.add(POLICY_FILE.key() + " = '" + policy + "' is not a readable file (set " + POLICY_FILE.envVar() + ")");
        }
        String statics = s.get(STATIC_DIR);
        if (statics != null && !java.nio.file.Files.isDirectory(Path.of(statics))) {
            problems.add(STATIC_DIR.key() + " = '" + statics + "' is not a directory (set " + STATIC_DIR.envVar() + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("gateway", problems);
        }
        return new GatewayConfig(s.get(HOST), s.get(PORT), s.get(KAFKA_BOOTSTRAP), secret, s.get(JWKS_URL),
                policy == null ? null : Path.of(policy), statics == null ? null : Path.of(statics),
                s.get(HEARTBEAT_TIMEOUT), s.get(MAX_FRAME_BYTES), s.get(MAX_CHANGE_BYTES), s.get(MAX_CHANNELS),
                s.get(JOINS_PER_SECOND), s.get(MESSAGES_PER_SECOND), s.get(EVENTS_PER_SECOND), s.get(SEND_QUEUE_FRAMES),
                s.get(MAX_CONNECTIONS_PER_IP), s.get(MAX_CONNECTIONS_PER_TOKEN), s.get(MAX_REPLAY_RECORDS),
                s.get(DEV_TOKENS), s.get(IO_THREADS));
    }
}
