package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream threads' figures read from the stack's Prometheus text, as Micrometer writes Kafka's meters. */
class ProcessorThreadMeterTest {
    private static final String T1 = "thread_id=\"promo-processor-a1-StreamThread-1\"";
    private static final String T2 = "thread_id=\"promo-processor-a1-StreamThread-2\"";
    private static final String P1 = "client_id=\"promo-processor-a1-StreamThread-1-producer\"";

    private static String text(double commits, double processed, double blockedNs, double flushNs, double offsetsNs,
                               double commitNs) {
        return String.join("\n",
                "# HELP kafka_stream_thread_commit_total The total number of calls to commit",
                "# TYPE kafka_stream_thread_commit_total counter",
                "kafka_stream_thread_commit_total{kafka_version=\"4.3.0\"," + T1 + "} " + commits / 2,
                "kafka_stream_thread_commit_total{kafka_version=\"4.3.0\"," + T2 + "} " + commits / 2,
                "kafka_stream_thread_process_total{" + T1 + "} " + processed,
                "kafka_stream_thread_punctuate_total{" + T1 + "} NaN",
                "kafka_stream_thread_poll_total{" + T1 + "} " + processed / 8,
                "kafka_stream_thread_poll_total{" + T2 + "} " + processed / 8,
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"promo-processor-a1-StreamThread-1-consumer\"} " + processed / 10,
                // the gateway's feed is not the processor's
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"gateway-feed\"} 7.0E9",
                "kafka_stream_thread_blocked_time_ns_total{" + T1 + "} " + blockedNs,
                "kafka_producer_flush_time_ns_total{" + P1 + ",kafka_version=\"4.3.0\"} " + flushNs,
                // the gateway's and the capture's clients are not the processor's
                "kafka_producer_flush_time_ns_total{client_id=\"promo-capture\",kafka_version=\"4.3.0\"} 9.9E12",
                "kafka_producer_txn_send_offsets_time_ns_total{" + P1 + "} " + offsetsNs,
                "kafka_producer_txn_commit_time_ns_total{" + P1 + "} " + commitNs,
                "kafka_stream_thread_commit_ratio{" + T1 + "} 0.5",
                "kafka_stream_thread_commit_ratio{" + T2 + "} 0.25",
                "kafka_stream_thread_poll_ratio{" + T1 + "} NaN",
                "");
    }

    @Test
    void shouldSplitAPhaseIntoWorkAndCommitsWaitingForTheBroker() {
        Map<String, Double> start = ProcessorThreadMeter.streamThreadSums(text(100, 1_000, 1e9, 2e9, 1e9, 0.5e9));
        String end = text(300, 21_000, 11e9, 6e9, 3e9, 1.5e9);

        Map<String, Object> figures = ProcessorThreadMeter.figures(start, ProcessorThreadMeter.streamThreadSums(end), 10,
                ProcessorThreadMeter.ratios(end));

        assertThat(figures).containsEntry("records_processed_per_s", 2_000.0)
                .containsEntry("commits_per_s", 20.0)
                .containsEntry("punctuations_per_s", 0.0)
                // 5,000 polls (2,500 per thread) for 20,000 records; 2,000 fetches of the threads' consumers
                .containsEntry("polls_per_s", 500.0)
                .containsEntry("records_processed_per_poll", 4.0)
                .containsEntry("consumer_fetches_per_s", 200.0)
                .containsEntry("blocked_s_per_s", 1.0)
                // 4 s flushing + 2 s sending offsets + 1 s ending transactions, over 200 commits in 10 s
                .containsEntry("commit_waiting_for_broker_s_per_s", 0.7)
                .containsEntry("commit_waiting_for_broker_ms_per_commit", 35.0);
        assertThat(figures.get("commit_waiting_for_broker_s_per_s_by_step"))
                .isEqualTo(Map.of("producer_flush", 0.4, "send_offsets_to_transaction", 0.2, "commit_transaction", 0.1));
        // averaged over the threads that report one; a NaN ratio (no window yet) is left out
        assertThat(figures.get("time_ratio_at_end")).isEqualTo(Map.of("commit", 0.375));
    }

    @Test
    void shouldCountWhatTheStreamThreadsWroteByTopic() {
        String sent = "kafka_producer_topic_record_send_total{" + P1 + ",kafka_version=\"4.3.0\",topic=\"promo.redemption-counts\"} %s\n"
                + "kafka_producer_topic_record_send_total{" + P1 + ",topic=\"promo-processor-tallies-changelog\"} %s\n"
                + "kafka_producer_topic_record_send_total{client_id=\"promo-processor-a1-StreamThread-2-producer\","
                + "topic=\"promo-processor-tallies-changelog\"} %s\n"
                + "kafka_producer_topic_record_send_total{" + P1 + ",topic=\"promo.deal-lifecycle\"} 7.0\n"
                // the capture's producer is not the processor's
                + "kafka_producer_topic_record_send_total{client_id=\"promo-capture\",topic=\"menuca.menuca_v3.coupon_usage_log\"} %s\n";
        Map<String, Double> start = ProcessorThreadMeter.writtenByTopic(String.format(sent, 100.0, 50.0, 50.0, 1e6));
        Map<String, Double> end = ProcessorThreadMeter.writtenByTopic(String.format(sent, 300.0, 250.0, 350.0, 9e6));

        Map<String, Object> figures = ProcessorThreadMeter.written(start, end, 10);

        assertThat(figures).containsEntry("records_written", 700L).containsEntry("records_written_per_s", 70.0);
        // both threads' producers summed per topic, most first; a topic not written to in the phase is left out
        assertThat(figures.get("records_written_per_s_by_topic")).isEqualTo(Map.of(
                "promo-processor-tallies-changelog", 50.0, "promo.redemption-counts", 20.0));
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) figures.get("records_written_per_s_by_topic")).keySet()))
                .containsExactly("promo-processor-tallies-changelog", "promo.redemption-counts");
    }

    @Test
    void shouldGiveNoTimePerCommitWhenNothingCommitted() {
        Map<String, Double> sums = ProcessorThreadMeter.streamThreadSums(text(10, 5, 0, 0, 0, 0));

        assertThat(ProcessorThreadMeter.figures(sums, sums, 5, Map.of()))
                .containsEntry("commits_per_s", 0.0)
                .containsEntry("commit_waiting_for_broker_ms_per_commit", null)
                .containsEntry("records_processed_per_poll", null);
    }
}
