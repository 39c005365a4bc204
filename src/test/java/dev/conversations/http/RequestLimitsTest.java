package dev.conversations.http;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one request may cost is bounded before and while it is read, and the worst allowed request is served. */
@QuarkusTest
class RequestLimitsTest {
    private static final int JSON_BODY_LIMIT = 64 * 1024;

    private Api.Tenant tenant;
    private String id;
    private String before;

    @BeforeEach
    void conversation() {
        tenant = newTenant();
        id = newConversation(tenant, "{\"keep\":\"me\",\"k0\":1}");
        before = current();
    }

    @Test
    void thousandKeysSentAsNullAreTheLargestPatchAndAreServed() {
        String removals = nullKeys(1000, 40);
        assertTrue(removals.length() < JSON_BODY_LIMIT, "the worst allowed shape fits the body limit");

        as(tenant).body(removals).patch(path()).then().statusCode(200).body("metadata.keep", equalTo("me"));

        assertEquals("{\"keep\":\"me\"}", Api.exactMetadata(tenant, id), "k0 removed, the rest kept");
    }

    @Test
    void theLargestPatchSentChunkedIsServedToo() {
        String removals = nullKeys(1000, 40);

        as(tenant)
                .body(new ByteArrayInputStream(removals.getBytes(StandardCharsets.UTF_8)))
                .patch(path())
                .then()
                .statusCode(200)
                .body("metadata.keep", equalTo("me"));

        assertEquals("{\"keep\":\"me\"}", Api.exactMetadata(tenant, id), "k0 removed, the rest kept");
    }

    @Test
    void aPatchNamingMoreThanThousandKeysIsRefusedBeforeTheDatabase() {
        as(tenant)
                .body(nullKeys(1001, 10))
                .patch(path())
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("at most 1000"))
                .body("errors.size()", equalTo(1));
        assertEquals(before, current());
    }

    @Test
    void aKeyLongerThanTheMetadataLimitIsRefusedByTheParserEvenAsARemoval() {
        // 2,049 characters, 4,098 UTF-8 bytes: the parser counts the bytes it reads, escaped or not.
        String key = "é".repeat(2049);
        for (String sent : new String[] {key, "\\u00e9".repeat(2049)}) {
            Response refused =
                    as(tenant).body("{\"metadata\":{\"" + sent + "\":null}}").patch(path());

            refused.then()
                    .statusCode(400)
                    .body("errors[0].details", equalTo("length of a key exceeds the limit of 4096"));
            assertFalse(refused.asString().contains(key), "the key is not echoed");
        }
        assertEquals(before, current());
    }

    @Test
    void manyProblemsAreListedUpToTwentyItems() {
        StringBuilder body = new StringBuilder("{\"metadata\":{");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("\"n").append(i).append("\":{}");
        }
        as(tenant)
                .body(body.append("}}").toString())
                .patch(path())
                .then()
                .statusCode(400)
                .body("errors.size()", equalTo(20))
                .body("errors[19].details", equalTo("81 more problems not listed"));
        assertEquals(before, current());
    }

    @Test
    void aBodyAnnouncedOverTheRouteLimitIsRefusedBeforeItIsRead() throws Exception {
        String response = sendHeadOnly("PATCH", path(), tenant.key(), JSON_BODY_LIMIT + 1);

        assertEquals("HTTP/1.1 413", response.substring(0, 12));
        assertEquals(
                "payload_too_large",
                json(RawHttp.body(response)).get("errors").get(0).get("type").asText());
        assertEquals(before, current());
    }

    @Test
    void theOperatorApiHasItsOwnSmallerLimit() throws Exception {
        String response = sendHeadOnly("POST", "/admin/tenants", Api.ADMIN_TOKEN, 4 * 1024 + 1);

        assertEquals("HTTP/1.1 413", response.substring(0, 12));
    }

    @Test
    void aChunkedBodyIsCutAtTheLimitWithTheEnvelopeAndAChunkedBodyUnderItIsServed() {
        String oversized = "{\"metadata\":{\"a\":\"" + "x".repeat(JSON_BODY_LIMIT) + "\"}}";
        as(tenant)
                .body(new ByteArrayInputStream(oversized.getBytes(StandardCharsets.UTF_8)))
                .patch(path())
                .then()
                .statusCode(413)
                .body("errors[0].type", equalTo("payload_too_large"));
        assertEquals(before, current());

        as(tenant)
                .body(new ByteArrayInputStream("{\"metadata\":{\"chunked\":true}}".getBytes(StandardCharsets.UTF_8)))
                .patch(path())
                .then()
                .statusCode(200)
                .body("metadata.chunked", equalTo(true));
    }

    @Test
    void parserLimitsAreNamedWithoutTheParsersInternals() {
        String longName = "{\"metadata\":{\"" + "n".repeat(5000) + "\":1}}";
        String manyTokens = "{\"metadata\":{\"a\":[" + "1,".repeat(25_000) + "1]}}";
        String deep = "{\"metadata\":{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}}";
        for (String body : new String[] {longName, manyTokens, deep}) {
            as(tenant)
                    .body(body)
                    .patch(path())
                    .then()
                    .statusCode(400)
                    .body("errors[0].details", containsString("exceeds the limit of"))
                    .body(not(containsString("StreamReadConstraints")))
                    .body(not(containsString("`")))
                    .body(not(containsString("com.fasterxml")));
        }
        assertEquals(before, current());
    }

    private String path() {
        return "/api/v2/conversations/" + id + "/";
    }

    private String current() {
        return Api.exactConversation(tenant, id);
    }

    /** A PATCH body removing {@code count} keys of about {@code length} characters each (k0 among them). */
    private static String nullKeys(int count, int length) {
        StringBuilder body = new StringBuilder("{\"metadata\":{");
        for (int i = 0; i < count; i++) {
            String key = "k" + i;
            body.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(i == 0 ? key : key + "x".repeat(Math.max(0, length - key.length())))
                    .append("\":null");
        }
        return body.append("}}").toString();
    }

    /** Sends only the head of a request announcing {@code contentLength} bytes and reads the whole answer. */
    private static String sendHeadOnly(String method, String path, String token, int contentLength) throws Exception {
        try (Socket socket = RawHttp.open(
                method, path, token, "Content-Type: application/json", "Content-Length: " + contentLength)) {
            return RawHttp.readUntilClosed(socket);
        }
    }
}
