package dev.conversations.channel;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.ExactJson;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelApiTest {

    @Test
    void createsACustomChannelWithExactMetadata() {
        Api.Tenant tenant = newTenant();
        String body = as(tenant)
                .body("""
                        {"name":"web chat","description":"site widget","modality":"email",
                         "metadata":{"team":"support","weight":0.10,"big":98765432109876543210}}""")
                .post("/api/v2/channels/")
                .then()
                .statusCode(201)
                .body("type", equalTo("custom"))
                .body("name", equalTo("web chat"))
                .body("modality", equalTo("email"))
                .extract()
                .asString();
        // On the text: a Jackson tree reads 0.10 as 0.1 and would accept a service that drops digits.
        assertEquals(
                ExactJson.canonical("{\"team\":\"support\",\"weight\":0.10,\"big\":98765432109876543210}"),
                ExactJson.at(body, "/metadata"));

        String listed = ExactJson.at(as(tenant).get("/api/v2/channels").asString(), "/data/0");
        assertEquals(ExactJson.canonical(body), listed);
    }

    @Test
    void rejectsInvalidChannels() {
        Api.Tenant tenant = newTenant();
        as(tenant)
                .body("{}")
                .post("/api/v2/channels")
                .then()
                .statusCode(400)
                .body("errors.details", hasItem(containsString("$.name")))
                .body("errors.details", hasItem(containsString("$.description")))
                .body("errors.details", hasItem(containsString("$.modality")));
        as(tenant)
                .body("{\"name\":\"a\",\"description\":\"b\",\"modality\":\"fax\"}")
                .post("/api/v2/channels")
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("$.modality"));
        as(tenant)
                .body("{\"name\":\"a\",\"description\":\"b\",\"modality\":\"voice\",\"metadata\":{\"x\":{}}}")
                .post("/api/v2/channels")
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("$.metadata.x: nested objects are not allowed"));
        as(tenant)
                .body("{\"name\":\"a\",\"description\":\"b\",\"modality\":\"voice\",\"metadata\":{\"x\":\""
                        + "y".repeat(4100) + "\"}}")
                .post("/api/v2/channels")
                .then()
                .statusCode(400);
        as(tenant)
                .body("{\"name\":\"a\",\"description\":\"b\",\"modality\":\"voice\",\"id\":\"x\"}")
                .post("/api/v2/channels")
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("$.id: the field is read-only"));
        as(tenant)
                .body("{\"name\":\"a\",\"description\":\"b\",\"modality\":\"voice\",\"type\":\"native\"}")
                .post("/api/v2/channels")
                .then()
                .statusCode(400);
        as(tenant)
                .body("{\"name\":\"a\",\"description\":\"b\",\"modality\":\"voice\",\"type\":\"custom\"}")
                .post("/api/v2/channels")
                .then()
                .statusCode(201);
        as(tenant).get("/api/v2/channels").then().body("data.size()", equalTo(1));
    }

    @Test
    void paginationVisitsEveryChannelOnceInAStableOrder() {
        Api.Tenant tenant = newTenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(newChannel(tenant, i % 2 == 0 ? "messaging" : "voice"));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String url = "/api/v2/channels/?limit=3";
        while (url != null) {
            JsonNode page =
                    json(as(tenant).get(url).then().statusCode(200).extract().asString());
            page.get("data").forEach(channel -> seen.add(channel.get("id").asText()));
            pageSizes.add(page.get("data").size());
            JsonNode next = page.get("meta").get("next_page_url");
            url = next.isNull() ? null : next.asText();
        }

        assertEquals(created, seen);
        assertEquals(List.of(3, 3, 1), pageSizes);
    }

    @Test
    void nextPageUrlIsRelativeWhateverHostOrSchemeTheClientOrGatewaySays() {
        Api.Tenant tenant = newTenant();
        newChannel(tenant, "voice");
        String second = newChannel(tenant, "voice");
        newChannel(tenant, "voice");

        String next = as(tenant)
                .header("Host", "attacker.example")
                .header("X-Forwarded-Proto", "http")
                .get("/api/v2/channels?limit=1&modality=voice&cursor=" + firstId(tenant))
                .then()
                .statusCode(200)
                .body("data[0].id", equalTo(second))
                .extract()
                .path("meta.next_page_url");

        assertEquals("/api/v2/channels/?limit=1&modality=voice&cursor=" + second, next);
    }

    private static String firstId(Api.Tenant tenant) {
        return as(tenant).get("/api/v2/channels?limit=1").then().extract().path("data[0].id");
    }

    @Test
    void filtersByModalityAndType() {
        Api.Tenant tenant = newTenant();
        newChannel(tenant, "messaging");
        String voice = newChannel(tenant, "voice");

        as(tenant)
                .get("/api/v2/channels?modality=voice")
                .then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(voice));
        as(tenant).get("/api/v2/channels?type=custom").then().statusCode(200).body("data.size()", equalTo(2));
        as(tenant)
                .get("/api/v2/channels?type=native")
                .then()
                .statusCode(200)
                .body("data", empty())
                .body("meta.next_page_url", nullValue());
    }

    @Test
    void rejectsBadQueryParameters() {
        Api.Tenant tenant = newTenant();
        for (String query :
                List.of("limit=0", "limit=101", "limit=abc", "limit=-1", "cursor=zzz", "modality=fax", "type=other")) {
            as(tenant)
                    .get("/api/v2/channels?" + query)
                    .then()
                    .statusCode(400)
                    .body("errors[0].type", equalTo("invalid_request"));
        }
        assertNull(json(as(tenant).get("/api/v2/channels?limit=100").asString())
                .get("meta")
                .get("next_page_url")
                .textValue());
        given().get("/api/v2/channels").then().statusCode(401);
    }
}
