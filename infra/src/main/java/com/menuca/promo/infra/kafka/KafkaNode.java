package com.menuca.promo.infra.kafka;

import com.menuca.promo.infra.FreePort;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * One KRaft node (broker and controller in one process) of a cluster on 127.0.0.1: its id and ports,
 * the controller quorum it belongs to and the durability every topic gets from the cluster
 * (default replication factor and {@code min.insync.replicas}; the catalogue never sets them).
 *
 * @param clusterId         used only when the node's storage is formatted the first time
 * @param quorumVoters      {@code id@host:port,...} of every controller of the cluster
 * @param replicationFactor default and internal-topic replication factor
 * @param minInsyncReplicas {@code min.insync.replicas} of the cluster (and of the transaction log)
 */
public record KafkaNode(int nodeId, int brokerPort, int controllerPort, String quorumVoters, String clusterId,
                        int replicationFactor, int minInsyncReplicas) {

    public KafkaNode {
        if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("need 1 <= min.insync.replicas (" + minInsyncReplicas
                    + ") <= replication factor (" + replicationFactor + ")");
        }
    }

    /** A cluster of one: replication factor 1. {@code brokerPort} 0 picks a free port. */
    public static KafkaNode single(int brokerPort) {
        int controllerPort = FreePort.find();
        return new KafkaNode(1, brokerPort == 0 ? FreePort.find() : brokerPort, controllerPort,
                "1@127.0.0.1:" + controllerPort, Uuid.randomUuid().toString(), 1, 1);
    }

    /**
     * The nodes of a cluster of {@code size} on free ports, replication factor {@code min(3, size)} and
     * {@code min.insync.replicas} one less (2 on three brokers: one broker may be down without stopping writes).
     */
    public static List<KafkaNode> cluster(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one broker, got " + size);
        }
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(new int[] {FreePort.find(), FreePort.find()});
        }
        String voters = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1]).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        int replication = Math.min(3, size);
        int minIsr = Math.max(1, replication - 1);
        List<KafkaNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new KafkaNode(i + 1, ports.get(i)[0], ports.get(i)[1], voters, clusterId, replication, minIsr));
        }
        return nodes;
    }

    /** {@code 127.0.0.1:port} of this node's client listener. */
    public String bootstrapServer() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The arguments of {@code promo broker} that run this node with its data in {@code directory}. */
    public List<String> promoBrokerArguments(java.nio.file.Path directory) {
        return List.of("broker", "--dir", directory.toAbsolutePath().toString(), "--node-id", String.valueOf(nodeId),
                "--port", String.valueOf(brokerPort), "--controller-port", String.valueOf(controllerPort),
                "--voters", quorumVoters, "--cluster-id", clusterId,
                "--replication-factor", String.valueOf(replicationFactor),
                "--min-insync-replicas", String.valueOf(minInsyncReplicas));
    }
}
