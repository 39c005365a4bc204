package dev.conversations.channel;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newTenant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the public base URL configured, next_page_url is absolute on it, whatever the request said. */
@QuarkusTest
@TestProfile(PublicBaseUrlTest.BehindAGateway.class)
class PublicBaseUrlTest {

    public static class BehindAGateway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("conversations.public-base-url", "https://api.example.com/");
        }
    }

    @Test
    void nextPageUrlIsOnThePublicBaseUrl() {
        Api.Tenant tenant = newTenant();
        String first = newChannel(tenant);
        newChannel(tenant);

        String next = as(tenant)
                .header("Host", "replica-a.internal:8080")
                .get("/api/v2/channels?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .path("meta.next_page_url");

        assertEquals("https://api.example.com/api/v2/channels/?limit=1&cursor=" + first, next);
    }
}
