package com.menuca.promo.bench.faults;

/** The faults the suite injects, each against a pipeline under steady write load. */
public enum FaultCheck {
    /** SIGKILL the capture process, restart it. */
    KILL_CAPTURE("kill -9 capture"),
    /** SIGKILL the Kafka broker (the only one, or one of a cluster), restart it on the same data. */
    KILL_BROKER("kill -9 broker"),
    /** SIGKILL one of two gateways while resuming clients are subscribed: they rejoin on the other. */
    KILL_GATEWAY("kill -9 gateway"),
    /** SIGKILL the stream processor mid-transaction, restart it: exactly-once must hold. */
    KILL_PROCESSOR("kill -9 processor"),
    /** SIGKILL both stream processors at once, restart both: nothing left running to take over the partitions. */
    KILL_BOTH_PROCESSORS("kill -9 both processors"),
    /** SIGKILL one broker of a cluster, the processor and one of two gateways at the same moment (scale-out). */
    KILL_BROKER_PROCESSOR_AND_GATEWAY("kill -9 broker, processor and gateway"),
    /** Stop PostgreSQL (fast shutdown: every connection cut), start it again. */
    RESTART_POSTGRES("PostgreSQL restart"),
    /** Stop the capture for a while (its slot keeps the WAL), check `promo status` warns, restart it. */
    SLOT_RETENTION("capture stopped, WAL retained");

    private final String label;

    FaultCheck(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
