package dev.conversations.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Strict, exact JSON: numbers never pass through {@code double}, duplicate keys are refused by the parser, and
 * decimals are written in plain notation (as PostgreSQL stores them). The parser's limits bound what a body can
 * cost while it is parsed, before our rules see it (README, Limits). Object keys are mostly the client's own
 * (metadata), so the parser does not intern them in the JVM's string table, where every new key a client invents
 * would be looked up and added (docs/decisions/007). Its symbol table stays: it is what enforces the limit on a
 * key's length.
 */
@Singleton
public class JacksonConfiguration implements ObjectMapperCustomizer {
    /** Far deeper than any valid body (metadata is flat); deeper input is an attack or a mistake. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** A key longer than this cannot fit in any metadata object (4096 bytes by default). */
    public static final int MAX_NAME_LENGTH = 4096;
    /** Tokens of one body: a 64 KiB body made only of keys sent as null has about 14,500. */
    public static final int MAX_TOKEN_COUNT = 20_000;

    /** conversations.http.max-json-body-size (HttpLimits), read directly: mappers are built before mappings. */
    private static final String MAX_BODY = "conversations.http.max-json-body-size";

    @Override
    public void customize(ObjectMapper mapper) {
        long maxDocumentLength = ConfigProvider.getConfig()
                .getOptionalValue(MAX_BODY, MemorySize.class)
                .map(MemorySize::asLongValue)
                .orElse(64L * 1024);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        mapper.getFactory().disable(JsonFactory.Feature.INTERN_FIELD_NAMES);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxDocumentLength(maxDocumentLength)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxStringLength((int) maxDocumentLength)
                        .maxTokenCount(MAX_TOKEN_COUNT)
                        .build());
    }
}
