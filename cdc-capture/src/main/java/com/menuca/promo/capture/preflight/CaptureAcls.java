package com.menuca.promo.capture.preflight;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.kafka.AclGrant;
import com.menuca.promo.common.kafka.RequiredAcls;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/**
 * What the capture's principal must be allowed on a Kafka cluster with an authorizer: write the change
 * topics (an idempotent producer needs no cluster ACL since Kafka 3.0: Write on a topic suffices) and
 * read and write its offsets topic (Kafka Connect's offset store reads it back at start, unassigned:
 * no consumer group). Topics are created ahead by {@code promo topics apply}; Create is not needed.
 */
public final class CaptureAcls {
    private CaptureAcls() {
    }

    public static RequiredAcls of(CaptureConfig config) {
        List<AclGrant> grants = new ArrayList<>();
        for (CdcTable table : CdcTable.values()) {
            grants.add(AclGrant.topic(table.topic().name(), "publishes the changes of " + table.qualifiedName(),
                    AclOperation.WRITE, AclOperation.DESCRIBE));
        }
        grants.add(AclGrant.topic(config.offsetsTopic(), "stores and reads back its WAL position",
                AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE));
        return new RequiredAcls("capture", grants);
    }
}
