package com.menuca.promo.replay;

import java.io.IOException;
import java.util.Map;

/** Hands each event to its topic's sink: one file per topic (per table, for change topics). */
final class PerTopicSink implements EventSink {
    private final Map<String, EventSink> sinks;

    PerTopicSink(Map<String, EventSink> sinks) {
        this.sinks = Map.copyOf(sinks);
    }

    @Override
    public void accept(ReplayedEvent event) throws IOException {
        sinks.get(event.topic().name()).accept(event);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (EventSink sink : sinks.values()) {
            try {
                sink.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
