package com.menuca.promo.harness;

import com.menuca.promo.bench.faults.FaultSuite;

/** The fault suite at the length `promo bench faults` runs it (with `-Plong`). */
class FaultSuiteLongIT extends FaultSuiteIT {
    @Override
    FaultSuite.Plan plan() {
        return FaultSuite.Plan.DEFAULT;
    }
}
