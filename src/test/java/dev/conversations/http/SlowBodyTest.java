package dev.conversations.http;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conversations.support.Api;
import dev.conversations.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client that sends its body a byte at a time cannot hold a request open past the body timeout. */
@QuarkusTest
@TestProfile(SlowBodyTest.ShortBodyTimeout.class)
class SlowBodyTest {

    public static class ShortBodyTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conversations.http.body-timeout", "1s");
        }
    }

    @Test
    void aBodyTrickledByteByByteEndsIn408AndAClosedConnection() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{\"keep\":\"me\"}");
        String before = as(tenant).get("/api/v2/conversations/" + id).asString();

        String response;
        try (Socket socket = RawHttp.open(
                "PATCH",
                "/api/v2/conversations/" + id + "/",
                tenant.key(),
                "Content-Type: application/json",
                "Content-Length: 200")) {
            RawHttp.send(socket, "{\"metadata\":");
            long start = System.nanoTime();
            response = RawHttp.readUntilClosed(socket);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 900, "not before the body timeout: " + elapsedMillis + " ms");
        }

        assertEquals("HTTP/1.1 408", response.substring(0, 12));
        assertEquals(
                "request_timeout",
                json(RawHttp.body(response)).get("errors").get(0).get("type").asText());
        assertEquals(before, as(tenant).get("/api/v2/conversations/" + id).asString(), "nothing changed");
    }

    /**
     * A live stream whose GET announces "Content-Length: 0" (Java 17's HTTP client does so) stays open past the body
     * timeout: the timer neither answers 408 into the stream nor fails trying.
     */
    @Test
    void aLiveStreamWithAnEmptyAnnouncedBodyOutlivesTheBodyTimeout() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = newConversation(tenant, "{}");
        Path log = Path.of("target/quarkus-test.log");
        long logBefore = Files.exists(log) ? Files.size(log) : 0;
        StringBuilder received = new StringBuilder();
        try (Socket socket = RawHttp.open(
                "GET",
                "/api/v2/conversations/" + id + "/events",
                tenant.key(),
                "Accept: text/event-stream",
                "Content-Length: 0")) {
            InputStream in = socket.getInputStream();
            readUntil(in, received, "\r\n\r\n");
            assertEquals("HTTP/1.1 200", received.substring(0, 12));
            Thread.sleep(1500); // past the 1 s body timeout

            as(tenant).post("/api/v2/conversations/" + id + "/end/").then().statusCode(200);
            readUntil(in, received, "v1.conversation.ended");
        }
        byte[] logged = Files.readAllBytes(log);
        String written = new String(logged, (int) logBefore, logged.length - (int) logBefore, StandardCharsets.UTF_8);
        assertFalse(written.contains("Response head already sent"), "no 408 was attempted into the stream");
    }

    private static void readUntil(InputStream in, StringBuilder received, String expected) throws IOException {
        while (received.indexOf(expected) < 0) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the connection ended before " + expected + ": " + received);
            }
            received.append((char) next);
        }
    }
}
