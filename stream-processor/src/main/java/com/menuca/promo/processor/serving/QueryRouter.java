package com.menuca.promo.processor.serving;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a query must run: on this instance (which partition), or on the instance that holds the key,
 * found from Kafka Streams' metadata ({@code application.server} of each instance); and forwarding it
 * there. A forwarded request carries {@link #FORWARDED} and is answered where it lands, never forwarded again.
 */
final class QueryRouter {
    /** Header of a request forwarded by another instance. */
    static final String FORWARDED = "X-Promo-Forwarded";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final QueryCredential credential;

    QueryRouter(KafkaStreams streams, String applicationServer, QueryCredential credential) {
        this.streams = streams;
        this.credential = credential;
        this.self = HostInfo.buildFromEndpoint(applicationServer);
    }

    /** Where a Long-keyed store's key lives. */
    sealed interface Location {
        record Local(int partition) implements Location {
        }

        record Remote(HostInfo host) implements Location {
        }

        /** No instance holds it right now (rebalancing, starting). */
        record Unavailable() implements Location {
        }
    }

    Location locate(String store, long key) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.Long().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Location.Unavailable();
        }
        return metadata.activeHost().equals(self) ? new Location.Local(metadata.partition())
                : new Location.Remote(metadata.activeHost());
    }

    /** Every other instance of the application. */
    List<HostInfo> otherInstances() {
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self)).distinct().toList();
    }

    /** The answer of another instance: its status and body. */
    record Answer(int status, String body) {
    }

    Answer forward(HostInfo host, String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(TIMEOUT).header(FORWARDED, "1")
                .header("Authorization", credential.header()).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** The first instance among {@code hosts} that answers 200, if any. */
    Optional<Answer> firstFound(List<HostInfo> hosts, String pathAndQuery) throws IOException, InterruptedException {
        for (HostInfo host : hosts) {
            Answer answer = forward(host, pathAndQuery);
            if (answer.status() == 200) {
                return Optional.of(answer);
            }
        }
        return Optional.empty();
    }
}
