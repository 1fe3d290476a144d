package com.menuca.promo.infra.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * The client listener of a secured embedded broker, as a managed Kafka has it: SASL_SSL with
 * SCRAM-SHA-512 users over TLS (a certificate the test's own CA signed, for 127.0.0.1), and the KRaft
 * StandardAuthorizer, so a principal may do only what ACLs allow. The super user creates users and
 * ACLs; the controller listener speaks SASL PLAIN with a credential of its own on loopback.
 *
 * @param keyStorePem   the broker's private key followed by its certificate chain (PEM)
 * @param trustStorePem the CA certificate clients and the broker trust (PEM)
 */
public record SaslSslListener(Path keyStorePem, Path trustStorePem, String superUser, String superUserPassword,
                              String controllerPassword) {
    /** The only SASL mechanism the listener enables. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    Properties brokerProperties(KafkaNode node) {
        Properties p = new Properties();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + node.brokerPort());
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas("scram.ScramLoginModule", superUser, superUserPassword));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"controller\" password=\""
                        + controllerPassword + "\" user_controller=\"" + controllerPassword + "\";");
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.location", keyStorePem.toAbsolutePath().toString());
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", trustStorePem.toAbsolutePath().toString());
        p.put("authorizer.class.name", AUTHORIZER);
        p.put("super.users", "User:" + superUser + ";User:controller");
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** The {@code --add-scram} value that gives the super user its credential when the storage is formatted. */
    String superUserScramCredential() {
        return MECHANISM + "=[name=" + superUser + ",password=" + superUserPassword + "]";
    }

    /** Kafka client properties (without the brokers) that log in as {@code user}. */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> p = new HashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaas("scram.ScramLoginModule", user, password));
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", trustStorePem.toAbsolutePath().toString());
        return p;
    }

    /** Client properties of the super user, brokers included: for set-up (users, ACLs, topics). */
    public Map<String, Object> superUserClient(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>(clientProperties(superUser, superUserPassword));
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Creates (or resets) a SCRAM user and returns once the broker knows it. */
    public void createUser(String bootstrapServers, String user, String password) throws Exception {
        try (Admin admin = Admin.create(superUserClient(bootstrapServers))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!admin.describeUserScramCredentials(List.of(user)).all().get(30, TimeUnit.SECONDS).containsKey(user)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("SCRAM user " + user + " not visible after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static String jaas(String module, String user, String password) {
        return "org.apache.kafka.common.security." + module + " required username=\"" + user + "\" password=\""
                + password + "\";";
    }
}
