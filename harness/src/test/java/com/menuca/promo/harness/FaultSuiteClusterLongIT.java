package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.bench.faults.FaultCheck;
import com.menuca.promo.bench.faults.FaultOutcome;
import com.menuca.promo.bench.faults.FaultSuite;
import java.util.Map;

/**
 * The scale-out check (with `-Plong`): three broker processes (replication factor 3, min.insync.replicas
 * 2), two processors and two gateways; one broker, one processor and one gateway are killed together
 * under load. Nothing committed is lost, derived counts equal SQL (also as both processors answer them),
 * and the killed gateway's clients resume on the other one, every change and coupon_redeemed once, in order.
 */
class FaultSuiteClusterLongIT extends FaultSuiteIT {
    @Override
    FaultSuite.Plan plan() {
        return FaultSuite.Plan.QUICK.onCluster(3);
    }

    @Override
    void checkSpecifics(Map<FaultCheck, FaultOutcome> byCheck, String report) {
        FaultOutcome both = byCheck.get(FaultCheck.KILL_BROKER_PROCESSOR_AND_GATEWAY);
        assertResumingClients(both);
        assertThat(both.queried().killed()).as("one processor killed").isEqualTo(1);
        assertThat(report).contains("kill -9 broker, processor and gateway: missing 0");
    }
}
