package com.menuca.promo.common.kafka;

import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Tells Kafka errors a person must fix (authentication, authorization, client configuration) from
 * those that pass (a broker restarting), and words the first kind so the fix is in the message.
 */
public final class KafkaErrors {
    /** Where the ACLs of each service are listed. */
    public static final String ACL_DOCS = "docs/kafka-security.md";

    private KafkaErrors() {
    }

    /** The first error in {@code failure}'s causes that retrying cannot fix, if any. */
    public static Optional<Throwable> permanentCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException || t instanceof ConfigException) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** True when retrying cannot fix {@code failure}. */
    public static boolean isPermanent(Throwable failure) {
        return permanentCause(failure).isPresent();
    }

    /**
     * {@code failure} as a {@link KafkaSetupException} whose message says what to fix, when it is
     * permanent; empty otherwise.
     *
     * @param who the client that failed, for the message ("the capture", "promo topics")
     */
    public static Optional<KafkaSetupException> explain(Throwable failure, String who, KafkaConnection kafka) {
        return permanentCause(failure).map(cause -> new KafkaSetupException(message(cause, who, kafka), failure));
    }

    private static String message(Throwable cause, String who, KafkaConnection kafka) {
        String where = "Kafka at " + kafka.describe();
        if (cause instanceof SslAuthenticationException) {
            return "TLS handshake of " + who + " with " + where + " failed: " + rootMessage(cause) + ". Fix: "
                    + "kafka.ssl.truststore.location (with kafka.ssl.truststore.type) must hold the CA that signed the "
                    + "brokers' certificates, and each broker's certificate must name the host in kafka.bootstrap.servers.";
        }
        if (cause instanceof SaslAuthenticationException) {
            return where + " refused the credentials of " + who + ": " + cause.getMessage() + ". Fix: check the user "
                    + "name and password in kafka.sasl.jaas.config and that kafka.sasl.mechanism matches what the "
                    + "brokers enable for that user.";
        }
        if (cause instanceof AuthenticationException) {
            return who + " could not authenticate with " + where + ": " + rootMessage(cause) + ". Fix: check "
                    + "kafka.security.protocol, kafka.sasl.mechanism and kafka.sasl.jaas.config against the brokers' listener.";
        }
        if (cause instanceof AuthorizationException) {
            return where + " denied " + who + " " + denied(cause) + ". Fix: grant this principal the ACLs "
                    + ACL_DOCS + " lists for it (`promo acls` prints them as kafka-acls commands).";
        }
        return "The Kafka client settings of " + who + " are invalid: " + cause.getMessage()
                + ". Fix the kafka.* setting it names.";
    }

    private static String denied(Throwable cause) {
        if (cause instanceof TopicAuthorizationException topics) {
            return "access to topic(s) " + new TreeSet<>(topics.unauthorizedTopics());
        }
        if (cause instanceof GroupAuthorizationException group) {
            return "access to consumer group " + group.groupId();
        }
        if (cause instanceof TransactionalIdAuthorizationException) {
            return "the use of its transactional ids (" + cause.getMessage() + ")";
        }
        if (cause instanceof ClusterAuthorizationException) {
            return "a cluster operation (" + cause.getMessage() + ")";
        }
        return "an operation (" + cause.getMessage() + ")";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }
}
