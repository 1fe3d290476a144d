package com.menuca.promo.infra.process;

import com.menuca.promo.infra.kafka.KafkaNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka KRaft cluster of several nodes on 127.0.0.1, each node a {@code promo broker} process of
 * this build with its data in {@code <directory>/node-<id>} and its log beside it. Replication factor
 * and {@code min.insync.replicas} come from the nodes (3 and 2 on three brokers), so every topic
 * created with the cluster's default survives one broker going down.
 */
public final class BrokerCluster implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(BrokerCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** What {@code promo broker} prints once it serves clients. */
    public static final String READY_LINE = "promo broker ready";

    private final Path directory;
    private final JavaCommand launcher;
    private final List<KafkaNode> nodes;
    private final PromoProcess[] processes;

    private BrokerCluster(Path directory, JavaCommand launcher, List<KafkaNode> nodes) {
        this.directory = directory;
        this.launcher = launcher;
        this.nodes = List.copyOf(nodes);
        this.processes = new PromoProcess[nodes.size()];
    }

    /**
     * Starts {@code size} nodes and waits until each serves clients.
     *
     * @param firstPort client port of node 1 (node i gets firstPort + i - 1); 0 for free ports
     */
    public static BrokerCluster start(Path directory, int size, int firstPort, JavaCommand launcher) throws Exception {
        List<KafkaNode> nodes = KafkaNode.cluster(size);
        if (firstPort != 0) {
            nodes = nodes.stream().map(n -> new KafkaNode(n.nodeId(), firstPort + n.nodeId() - 1, n.controllerPort(),
                    n.quorumVoters(), n.clusterId(), n.replicationFactor(), n.minInsyncReplicas())).toList();
        }
        BrokerCluster cluster = new BrokerCluster(directory, launcher.withHeap("512m"), nodes);
        try {
            for (KafkaNode node : nodes) {
                cluster.launch(node);
            }
            for (KafkaNode node : nodes) {
                cluster.processes[node.nodeId() - 1].awaitLogLine(READY_LINE, START_TIMEOUT);
            }
            LOGGER.info("Kafka cluster of {} brokers ready on {} (replication factor {}, min.insync.replicas {})", size,
                    cluster.bootstrapServers(), nodes.get(0).replicationFactor(), nodes.get(0).minInsyncReplicas());
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(KafkaNode node) throws java.io.IOException {
        Path nodeDir = directory.resolve("node-" + node.nodeId());
        processes[node.nodeId() - 1] = PromoProcess.start("broker-" + node.nodeId(), launcher,
                node.promoBrokerArguments(nodeDir), java.util.Map.of(), directory.resolve("node-" + node.nodeId() + ".log"));
    }

    /** Every node's client address, comma-separated. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaNode::bootstrapServer).collect(Collectors.joining(","));
    }

    public List<KafkaNode> nodes() {
        return nodes;
    }

    /** The process of node {@code nodeId} (1-based). */
    public PromoProcess process(int nodeId) {
        return processes[nodeId - 1];
    }

    /** {@code kill -9} of one node. */
    public void kill(int nodeId) throws InterruptedException {
        processes[nodeId - 1].kill();
    }

    /** Starts a stopped node again on its data and ports, waiting until it serves clients. */
    public void restart(int nodeId) throws Exception {
        KafkaNode node = nodes.get(nodeId - 1);
        launch(node);
        processes[nodeId - 1].awaitLogLine(READY_LINE, START_TIMEOUT);
    }

    @Override
    public void close() {
        List<PromoProcess> running = new ArrayList<>();
        for (PromoProcess process : processes) {
            if (process != null && process.isAlive()) {
                running.add(process);
            }
        }
        // SIGTERM all at once: a broker waiting for its peers to take over its partitions would otherwise
        // wait for brokers that are stopping one by one.
        running.forEach(p -> p.signalTerminate());
        for (PromoProcess process : running) {
            try {
                process.stop(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
