package com.menuca.promo.gateway.postgres;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} object of a postgres_changes event, serialized once per change:
 * {@code {"schema","table","commit_timestamp","type","columns","record","old_record","errors"}}.
 * INSERT carries {@code record}, DELETE {@code old_record}, UPDATE both.
 *
 * <p>A change whose rows serialize to more than the configured limit keeps its shape: text values
 * longer than {@value #CUT_TO} characters are cut to that length and {@code errors} lists the
 * columns that were cut, so a client knows the row it holds is partial.
 */
public final class ChangePayload {
    /** Length text values are cut to when a change exceeds the size limit. */
    public static final int CUT_TO = 64;
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final DateTimeFormatter COMMIT_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ChangePayload() {
    }

    /**
     * @param type     INSERT, UPDATE or DELETE
     * @param maxBytes limit of the serialized rows before long values are cut
     */
    public static byte[] encode(CdcTable table, String type, ChangeEvent<ObjectNode> change, int maxBytes) {
        ObjectNode record = type.equals("DELETE") ? null : change.after();
        ObjectNode oldRecord = type.equals("INSERT") ? null : change.before();
        List<String> errors = null;
        if (size(record) + size(oldRecord) > maxBytes) {
            List<String> cut = new ArrayList<>();
            record = cut(record, cut);
            oldRecord = cut(oldRecord, cut);
            errors = List.of("change exceeded " + maxBytes + " bytes: values of " + cut.stream().distinct().toList()
                    + " were cut to " + CUT_TO + " characters");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("schema", CdcTable.SCHEMA);
            json.writeStringField("table", table.tableName());
            json.writeStringField("commit_timestamp", commitTimestamp(change));
            json.writeStringField("type", type);
            json.writeArrayFieldStart("columns");
            for (Column column : TableCatalog.columns(table)) {
                json.writeStartObject();
                json.writeStringField("name", column.name());
                json.writeStringField("type", column.type().wireName());
                json.writeEndObject();
            }
            json.writeEndArray();
            if (record != null) {
                json.writeFieldName("record");
                MAPPER.writeTree(json, record);
            }
            if (oldRecord != null) {
                json.writeFieldName("old_record");
                MAPPER.writeTree(json, oldRecord);
            }
            json.writeFieldName("errors");
            if (errors == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (String error : errors) {
                    json.writeString(error);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize change of " + table.tableName(), e);
        }
        return out.toByteArray();
    }

    /** Commit time in UTC with milliseconds, as Supabase sends it. */
    static String commitTimestamp(ChangeEvent<ObjectNode> change) {
        long millis = change.source() != null ? change.source().tsMs() : change.tsMs();
        return COMMIT_TIMESTAMP.format(Instant.ofEpochMilli(millis));
    }

    private static int size(JsonNode node) {
        if (node == null) {
            return 0;
        }
        int size = 2;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            size += field.getKey().length() + 4 + (field.getValue().isTextual() ? field.getValue().textValue().length() + 2 : 12);
        }
        return size;
    }

    private static ObjectNode cut(ObjectNode row, List<String> cut) {
        if (row == null) {
            return null;
        }
        ObjectNode copy = row.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual() && field.getValue().textValue().length() > CUT_TO) {
                copy.put(field.getKey(), field.getValue().textValue().substring(0, CUT_TO));
                cut.add(field.getKey());
            }
        }
        return copy;
    }
}
