package com.menuca.promo.harness;

import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.kafka.KafkaNode;
import com.menuca.promo.infra.process.BrokerCluster;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promo broker}: one Kafka KRaft node in its own process, for multi-broker dev clusters and the
 * fault suite (which kill and restart it). Hidden: users get brokers from {@code promo dev}.
 */
@Command(name = "broker", hidden = true, mixinStandardHelpOptions = true,
        description = "Run one Kafka KRaft node (broker + controller) on 127.0.0.1 until SIGTERM.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Log directory (formatted on first start).")
    Path directory;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Client port.")
    int port;

    @Option(names = "--node-id", paramLabel = "N", description = "Node id (default 1).")
    int nodeId = 1;

    @Option(names = "--controller-port", required = true, paramLabel = "PORT", description = "Controller port.")
    int controllerPort;

    @Option(names = "--voters", paramLabel = "ID@HOST:PORT,...", description = "Controller quorum (default: this node alone).")
    String voters;

    @Option(names = "--cluster-id", required = true, paramLabel = "ID", description = "Cluster id used when formatting.")
    String clusterId;

    @Option(names = "--replication-factor", paramLabel = "N", description = "Default replication factor (default 1).")
    int replicationFactor = 1;

    @Option(names = "--min-insync-replicas", paramLabel = "N", description = "min.insync.replicas (default 1).")
    int minInsyncReplicas = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String quorum = voters != null ? voters : nodeId + "@127.0.0.1:" + controllerPort;
        KafkaNode node = new KafkaNode(nodeId, port, controllerPort, quorum, clusterId, replicationFactor, minInsyncReplicas);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(directory, node);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        // A broker outliving the stack or test that started it would hold its ports and data: it follows its parent.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        spec.commandLine().getOut().println(BrokerCluster.READY_LINE + " on " + node.bootstrapServer());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

}
