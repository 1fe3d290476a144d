package com.menuca.promo.common.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick look at whether anything listens at the bootstrap addresses, for the operator tools: a
 * Kafka client given a dead address retries for its whole timeout and logs a warning per attempt,
 * where a person at a terminal wants one line at once.
 */
public final class KafkaReachability {
    private KafkaReachability() {
    }

    /**
     * Returns when at least one bootstrap address accepts a TCP connection within {@code timeout}.
     *
     * @throws KafkaSetupException naming every address and why it could not be reached
     */
    public static void require(KafkaConnection kafka, Duration timeout, String fix) {
        List<String> failures = new ArrayList<>();
        for (String address : kafka.bootstrapServers().split(",")) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            InetSocketAddress target = new InetSocketAddress(host, port);
            if (target.isUnresolved()) {
                failures.add(address + ": unknown host");
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(target, (int) timeout.toMillis());
                return;
            } catch (IOException e) {
                failures.add(address + ": " + e.getMessage());
            }
        }
        throw new KafkaSetupException("Kafka is not reachable at " + kafka.bootstrapServers() + " ("
                + String.join("; ", failures) + "). " + fix);
    }
}
