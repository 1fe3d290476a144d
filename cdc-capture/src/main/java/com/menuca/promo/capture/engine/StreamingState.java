package com.menuca.promo.capture.engine;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether Debezium is connected to the replication stream, read from the connector's own streaming
 * metrics (JMX), so readiness reflects the WAL reader itself rather than a guess.
 */
final class StreamingState {
    private final ObjectName pattern;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    StreamingState(String topicPrefix) {
        try {
            this.pattern = new ObjectName("debezium.postgres:type=connector-metrics,context=streaming,server="
                    + topicPrefix + ",*");
        } catch (Exception e) {
            throw new IllegalArgumentException("bad topic prefix for JMX: " + topicPrefix, e);
        }
    }

    boolean isConnected() {
        Set<ObjectName> names = server.queryNames(pattern, null);
        for (ObjectName name : names) {
            try {
                if (Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
                    return true;
                }
            } catch (Exception e) {
                // the bean vanished between query and read: the engine is stopping
            }
        }
        return false;
    }
}
