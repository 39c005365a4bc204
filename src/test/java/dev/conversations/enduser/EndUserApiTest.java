package dev.conversations.enduser;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newChannel;
import static dev.conversations.support.Api.newTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.support.Api;
import dev.conversations.support.ConcurrentRequests;
import dev.conversations.support.ExactJson;
import dev.conversations.support.Polling;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The end-user API over HTTP: Ada's shapes, the upsert on external_id, PATCH semantics, listing, isolation. */
@QuarkusTest
class EndUserApiTest {

    @Test
    void createWithoutProfileGivesABlankEndUserThatReadsBackTheSame() {
        Api.Tenant tenant = newTenant();
        String created = as(tenant)
                .body("{}")
                .post("/api/v2/end-users/")
                .then()
                .statusCode(201)
                .body("external_id", nullValue())
                .body("profile.first_name", nullValue())
                .body("profile.language", nullValue())
                .body("profile.metadata", equalTo(java.util.Map.of()))
                .extract()
                .asString();
        JsonNode endUser = json(created);
        assertEquals(endUser.get("created_at"), endUser.get("updated_at"));
        assertEquals(
                ExactJson.canonical(created), ExactJson.canonical(EndUsers.get(tenant, endUser.get("end_user_id"))));
    }

    @Test
    void createStoresTheProfileAndAnExistingExternalIdReturnsItsEndUserUnchangedWith200() {
        Api.Tenant tenant = newTenant();
        String body = """
                {"external_id": "CRM-42", "profile": {"first_name": "Ada", "last_name": "Lovelace",
                 "display_name": "Ada L.", "avatar": "https://example.com/ada.png", "email": "ada@example.com",
                 "language": "en-GB", "metadata": {"tier": "gold", "seats": 3, "vip": true}}}""";
        String created = as(tenant)
                .body(body)
                .post("/api/v2/end-users/")
                .then()
                .statusCode(201)
                .body("external_id", equalTo("CRM-42"))
                .body("profile.first_name", equalTo("Ada"))
                .body("profile.last_name", equalTo("Lovelace"))
                .body("profile.display_name", equalTo("Ada L."))
                .body("profile.avatar", equalTo("https://example.com/ada.png"))
                .body("profile.email", equalTo("ada@example.com"))
                .body("profile.language", equalTo("en-GB"))
                .extract()
                .asString();
        assertEquals(
                ExactJson.canonical("{\"tier\":\"gold\",\"seats\":3,\"vip\":true}"),
                ExactJson.at(created, "/profile/metadata"));

        // Ada's idempotent upsert: the same external id in another case returns the same end user, as it was.
        String again = as(tenant)
                .body("{\"external_id\": \"crm-42\", \"profile\": {\"first_name\": \"Other\"}}")
                .post("/api/v2/end-users/")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(ExactJson.canonical(created), ExactJson.canonical(again));

        String id = json(created).get("end_user_id").asText();
        as(tenant)
                .get("/api/v2/end-users/?external_id=cRm-42")
                .then()
                .statusCode(200)
                .body("end_user_id", equalTo(id));
        as(tenant).get("/api/v2/end-users/?external_id=CRM-43").then().statusCode(404);
        // Not a valid external id (U+0000): no such end user, not a database error.
        as(tenant).get("/api/v2/end-users/?external_id=a%00b").then().statusCode(404);
        as(tenant).get("/api/v2/end-users/?external_id=CRM-42&limit=5").then().statusCode(400);
    }

    @Test
    void externalIdsAreCheckedAndUniquePerTenantIgnoringCase() {
        Api.Tenant tenant = newTenant();
        EndUsers.expectInvalid(tenant, "{\"external_id\": \"" + "x".repeat(37) + "\"}", "$.external_id");
        EndUsers.expectInvalid(tenant, "{\"external_id\": \"<script>\"}", "$.external_id");
        EndUsers.expectInvalid(tenant, "{\"external_id\": \"\"}", "$.external_id");
        EndUsers.expectInvalid(tenant, "{\"external_id\": 42}", "$.external_id");
        // 36 characters, the longest allowed, and not ASCII: case folding is Unicode's, not the database locale's.
        String longest = "Éclair-" + "x".repeat(29);
        String first = EndUsers.create(tenant, "{\"external_id\": \"" + longest + "\"}");
        assertEquals(
                first,
                as(tenant)
                        .body("{\"external_id\": \"" + longest.toLowerCase() + "\"}")
                        .post("/api/v2/end-users/")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("end_user_id"));

        String second = EndUsers.create(tenant, "{\"external_id\": \"second\"}");
        String before = EndUsers.get(tenant, second);
        Response taken = as(tenant)
                .body("{\"external_id\": \"ÉCLAIR-" + "X".repeat(29) + "\", \"profile\": {}}")
                .patch("/api/v2/end-users/" + second);
        taken.then()
                .statusCode(409)
                .body("errors[0].type", equalTo("external_id_taken"))
                .body("errors[0].details", equalTo("$.external_id"));
        assertEquals(ExactJson.canonical(before), ExactJson.canonical(EndUsers.get(tenant, second)), "unchanged");

        // null removes an external id; it is then free for another end user.
        as(tenant)
                .body("{\"external_id\": null, \"profile\": {}}")
                .patch("/api/v2/end-users/" + first)
                .then()
                .statusCode(200)
                .body("external_id", nullValue());
        as(tenant)
                .body("{\"external_id\": \"" + longest + "\", \"profile\": {}}")
                .patch("/api/v2/end-users/" + second)
                .then()
                .statusCode(200)
                .body("external_id", equalTo(longest));
        as(tenant)
                .queryParam("external_id", longest)
                .get("/api/v2/end-users/")
                .then()
                .statusCode(200)
                .body("end_user_id", equalTo(second));
    }

    @Test
    void patchReplacesGivenFieldsClearsNullsKeepsTheRestAndMergesMetadata() throws InterruptedException {
        Api.Tenant tenant = newTenant();
        String id = EndUsers.create(tenant, """
                {"external_id": "e-1", "profile": {"first_name": "Ada", "last_name": "Lovelace", "language": "en",
                 "metadata": {"tier": "gold", "seats": 3}}}""");
        JsonNode before = json(EndUsers.get(tenant, id));
        Thread.sleep(2);
        String patched = as(tenant)
                .body("""
                        {"profile": {"first_name": "Augusta", "last_name": null,
                         "metadata": {"seats": null, "plan": "pro"}}}""")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200)
                .body("external_id", equalTo("e-1"))
                .body("profile.first_name", equalTo("Augusta"))
                .body("profile.last_name", nullValue())
                .body("profile.language", equalTo("en"))
                .extract()
                .asString();
        assertEquals(
                ExactJson.canonical("{\"tier\":\"gold\",\"plan\":\"pro\"}"),
                ExactJson.at(patched, "/profile/metadata"));
        JsonNode after = json(patched);
        assertEquals(before.get("created_at"), after.get("created_at"));
        assertTrue(
                after.get("updated_at")
                                .asText()
                                .compareTo(before.get("updated_at").asText())
                        > 0,
                "updated_at moves forward");
        assertEquals(ExactJson.canonical(patched), ExactJson.canonical(EndUsers.get(tenant, id)));

        // metadata: null removes every key (a field sent as null clears it).
        as(tenant)
                .body("{\"profile\": {\"metadata\": null}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200)
                .body("profile.metadata", equalTo(java.util.Map.of()))
                .body("profile.first_name", equalTo("Augusta"));
    }

    @Test
    void badInputIs400WithEveryProblemAndChangesNothing() {
        Api.Tenant tenant = newTenant();
        String id = EndUsers.create(tenant, "{\"profile\": {\"first_name\": \"Ada\"}}");
        String before = EndUsers.get(tenant, id);
        Response response = as(tenant).body("""
                        {"profile": {"first_name": "", "avatar": "javascript:alert(1)", "email": "not an email",
                         "language": "en_GB!", "metadata": {"price": 1.5, "nested": {"a": 1}, "list": [1]},
                         "system_properties": {}}, "end_user_id": "x"}""").patch("/api/v2/end-users/" + id);
        response.then().statusCode(400);
        List<String> details = response.jsonPath().getList("errors.details");
        for (String path : List.of(
                "$.end_user_id: the field is read-only",
                "$.profile.first_name: must not be empty (null clears it)",
                "$.profile.avatar: must be an absolute http or https URL",
                "$.profile.email: must be an email address",
                "$.profile.language: must be a BCP 47 language tag, such as en or fr-CA",
                "$.profile.metadata.price: values must be strings, booleans or integers",
                "$.profile.metadata.nested: nested objects are not allowed",
                "$.profile.metadata.list: arrays are not allowed",
                "$.profile.system_properties: unknown field")) {
            assertTrue(details.contains(path), path + " in " + details);
        }
        as(tenant)
                .body("{\"external_id\": \"x\"}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("$.profile: the field is required"));
        as(tenant).body("[]").patch("/api/v2/end-users/" + id).then().statusCode(400);
        assertEquals(ExactJson.canonical(before), ExactJson.canonical(EndUsers.get(tenant, id)));
    }

    @Test
    void metadataIsLimitedTo10KBAfterTheMerge() {
        Api.Tenant tenant = newTenant();
        String id = EndUsers.create(tenant, "{}");
        // {"a":"…"} is 8 bytes plus the value: the largest allowed value fills 10240 bytes exactly.
        as(tenant)
                .body("{\"profile\": {\"metadata\": {\"a\": \"" + "x".repeat(10240 - 8) + "\"}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200);
        String full = EndUsers.get(tenant, id);
        as(tenant)
                .body("{\"profile\": {\"metadata\": {\"b\": 1}, \"first_name\": \"Ada\"}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(400)
                .body(
                        "errors[0].details",
                        equalTo("$.profile.metadata: the merged metadata would exceed 10240 bytes"
                                + " of compact JSON"));
        assertEquals(ExactJson.canonical(full), ExactJson.canonical(EndUsers.get(tenant, id)), "nothing changed");
        as(tenant)
                .body("{\"profile\": {\"metadata\": {\"a\": null, \"b\": 1}}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(200)
                .body("profile.metadata.b", equalTo(1));
    }

    /** Two PATCHes that each fit alone but not together, held at the row lock so that they overlap for certain. */
    @Test
    void concurrentPatchesCannotPassTheSizeLimitTogether() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = EndUsers.create(tenant, "{}");
        String big = "x".repeat(6000);
        try (TestDatabase database = TestDatabase.connect()) {
            database.lockEndUser(tenant.id(), id);
            var answers = ConcurrentRequests.start(
                    tenant,
                    "PATCH",
                    "/api/v2/end-users/" + id,
                    List.of(
                            "{\"profile\": {\"metadata\": {\"a\": \"" + big + "\"}}}",
                            "{\"profile\": {\"metadata\": {\"b\": \"" + big + "\"}}}"));
            Polling.until(
                    Duration.ofSeconds(10),
                    "both PATCHes wait for the row",
                    database::waitingForOurLocks,
                    waiting -> waiting == 2);
            database.release();
            List<Integer> statuses = new ArrayList<>(answers.join().stream()
                    .map(answer -> answer.status())
                    .sorted()
                    .toList());
            assertEquals(List.of(200, 400), statuses);
        }
        JsonNode metadata = json(EndUsers.get(tenant, id)).at("/profile/metadata");
        assertEquals(
                1,
                metadata.size(),
                "exactly one of the two was merged: " + metadata.fieldNames().next());
    }

    @Test
    void listPagesInCreationOrderWithoutNextPageUrlOnTheLastPage() {
        Api.Tenant tenant = newTenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(EndUsers.create(tenant, "{\"profile\": {\"first_name\": \"n" + i + "\"}}"));
        }
        List<String> seen = new ArrayList<>();
        String url = "/api/v2/end-users/?limit=2";
        int pages = 0;
        while (url != null) {
            JsonNode page =
                    json(as(tenant).get(url).then().statusCode(200).extract().asString());
            page.get("data")
                    .forEach(endUser -> seen.add(endUser.get("end_user_id").asText()));
            JsonNode next = page.at("/meta/next_page_url");
            url = next.isMissingNode() ? null : next.asText();
            pages++;
        }
        assertEquals(ids, seen);
        assertEquals(3, pages);
        as(tenant).get("/api/v2/end-users/?limit=0").then().statusCode(400);
        as(tenant).get("/api/v2/end-users/?limit=101").then().statusCode(400);
        as(tenant).get("/api/v2/end-users/?cursor=nope").then().statusCode(400);
        as(tenant).get("/api/v2/end-users/").then().statusCode(200).body("meta", equalTo(java.util.Map.of()));
    }

    @Test
    void anotherTenantsEndUsersAreNotFoundAndExternalIdsDoNotCollideAcrossTenants() {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        String id = EndUsers.create(owner, "{\"external_id\": \"shared-id\", \"profile\": {\"first_name\": \"A\"}}");
        String before = EndUsers.get(owner, id);
        as(other).get("/api/v2/end-users/" + id).then().statusCode(404);
        as(other)
                .body("{\"profile\": {\"first_name\": \"B\"}}")
                .patch("/api/v2/end-users/" + id)
                .then()
                .statusCode(404);
        as(other).get("/api/v2/end-users/?external_id=shared-id").then().statusCode(404);
        String theirs = EndUsers.create(other, "{\"external_id\": \"shared-id\"}");
        assertNotEquals(id, theirs);
        as(other).get("/api/v2/end-users/").then().statusCode(200).body("data.size()", equalTo(1));
        assertEquals(ExactJson.canonical(before), ExactJson.canonical(EndUsers.get(owner, id)));
        // A conversation of the other tenant cannot take this end user either.
        String channel = newChannel(other);
        Api.createConversation(other, channel, id).then().statusCode(404);
    }

    @Test
    void aConversationTakesAnEndUserCreatedThroughTheApi() throws Exception {
        Api.Tenant tenant = newTenant();
        String id = EndUsers.create(tenant, "{}");
        try (TestDatabase database = TestDatabase.connect()) {
            String attachBy = "SELECT attach_by FROM end_users WHERE tenant_id = ? AND id = ?";
            assertFalse(database.queryText(attachBy, tenant.id(), id) == null, "waits for a conversation");
            String channel = newChannel(tenant);
            Api.createConversation(tenant, channel, id).then().statusCode(201).body("end_user_id", equalTo(id));
            assertNull(database.queryText(attachBy, tenant.id(), id), "taken: never deleted as an orphan");
        }
    }

    /**
     * Ada's idempotent upsert under a race: many creates with one external id give exactly one end user. The test
     * holds an uncommitted insert of that external id, so every create waits on the unique index at once (one per
     * pooled connection); then it rolls back, and the creates decide among themselves.
     */
    @Test
    void concurrentCreatesWithOneExternalIdMakeExactlyOneEndUser() throws Exception {
        Api.Tenant tenant = newTenant();
        int creates = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.max-size", Integer.class);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < creates; i++) {
            bodies.add("{\"external_id\": \"" + (i % 2 == 0 ? "race" : "RACE") + "\", \"profile\": {\"first_name\": \"c"
                    + i + "\"}}");
        }
        List<ConcurrentRequests.Answer> answers;
        try (TestDatabase database = TestDatabase.connect()) {
            database.holdInTransaction("INSERT INTO end_users (tenant_id, id, external_id, external_id_key)"
                    + " VALUES ('" + tenant.id() + "', '" + "f".repeat(24) + "', 'race', 'race')");
            var pending = ConcurrentRequests.start(tenant, "POST", "/api/v2/end-users/", bodies);
            Polling.until(
                    Duration.ofSeconds(10),
                    "every create waits for the held external id",
                    database::waitingForOurLocks,
                    waiting -> waiting == creates);
            database.release();
            answers = pending.join();
        }
        long created = answers.stream().filter(answer -> answer.status() == 201).count();
        long existing =
                answers.stream().filter(answer -> answer.status() == 200).count();
        assertEquals(1, created, "one 201");
        assertEquals(creates - 1, existing, "the others 200");
        List<String> ids = answers.stream()
                .map(answer -> json(answer.body()).get("end_user_id").asText())
                .distinct()
                .toList();
        assertEquals(1, ids.size(), "every answer names the same end user");
        try (TestDatabase database = TestDatabase.connect()) {
            assertEquals("1", database.queryText("SELECT count(*) FROM end_users WHERE tenant_id = ?", tenant.id()));
        }
    }

    @Test
    void twoPatchesRacingForOneExternalIdGiveOne200AndOne409() {
        Api.Tenant tenant = newTenant();
        String first = EndUsers.create(tenant, "{}");
        String second = EndUsers.create(tenant, "{}");
        var one = ConcurrentRequests.start(
                tenant,
                "PATCH",
                "/api/v2/end-users/" + first,
                List.of("{\"external_id\": \"wanted\", \"profile\": {}}"));
        var other = ConcurrentRequests.start(
                tenant,
                "PATCH",
                "/api/v2/end-users/" + second,
                List.of("{\"external_id\": \"WANTED\", \"profile\": {}}"));
        List<Integer> statuses = new ArrayList<>(
                List.of(one.join().get(0).status(), other.join().get(0).status()));
        statuses.sort(null);
        assertEquals(List.of(200, 409), statuses);
        String holder = as(tenant)
                .get("/api/v2/end-users/?external_id=wanted")
                .then()
                .statusCode(200)
                .extract()
                .path("end_user_id");
        String loser = holder.equals(first) ? second : first;
        as(tenant).get("/api/v2/end-users/" + loser).then().statusCode(200).body("external_id", nullValue());
    }
}
