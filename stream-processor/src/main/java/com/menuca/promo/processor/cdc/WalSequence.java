package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;

/**
 * Where a streamed change stands in the WAL order Debezium publishes in: the LSN of the last
 * transaction committed before it, then its own LSN ({@code source.sequence}). Increases along every
 * change topic partition; a change at or before a partition's highest is a redelivery.
 *
 * @param lastCommitLsn LSN of the last commit before the change's transaction
 * @param lsn           the change's LSN
 */
public record WalSequence(@JsonProperty("last_commit_lsn") long lastCommitLsn, @JsonProperty("lsn") long lsn)
        implements Comparable<WalSequence> {

    /** Reads {@code ["27905600","27905712"]}; null when absent or incomplete (snapshot reads). */
    static WalSequence parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode pair = Json.mapper().readTree(text);
            if (!pair.isArray() || pair.size() != 2 || !isNumber(pair.get(0)) || !isNumber(pair.get(1))) {
                return null;
            }
            return new WalSequence(Long.parseLong(pair.get(0).asText()), Long.parseLong(pair.get(1).asText()));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNumber(JsonNode node) {
        return node != null && !node.isNull() && !node.asText().isEmpty() && node.asText().chars().allMatch(Character::isDigit);
    }

    @Override
    public int compareTo(WalSequence other) {
        int byCommit = Long.compare(lastCommitLsn, other.lastCommitLsn);
        return byCommit != 0 ? byCommit : Long.compare(lsn, other.lsn);
    }
}
