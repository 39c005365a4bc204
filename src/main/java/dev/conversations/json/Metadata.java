package dev.conversations.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Metadata that passed the value rules: {@code values} holds the keys with a value (numbers normalised to the
 * form PostgreSQL stores), {@code removals} the keys sent as {@code null} (only a PATCH may send them).
 */
public record Metadata(ObjectNode values, List<String> removals) {}
