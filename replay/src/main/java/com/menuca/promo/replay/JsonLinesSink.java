package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.Writer;

/**
 * One JSON object per line: {@code {"topic","partition","offset","timestamp","key","value"}}, the
 * timestamp as ISO-8601 UTC and key and value as the JSON they are on the topic.
 */
public final class JsonLinesSink implements EventSink {
    private final Writer out;

    public JsonLinesSink(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(ReplayedEvent event) throws IOException {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("topic", event.topic().name());
        line.put("partition", event.partition());
        line.put("offset", event.offset());
        line.put("timestamp", event.timestamp().toString());
        line.set("key", event.key());
        line.set("value", event.value());
        out.write(Json.mapper().writeValueAsString(line));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
