package dev.conversations.error;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.json;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import dev.conversations.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.Socket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input gets a clear 4xx in Ada's envelope, and leaves the stored data exactly as it was. */
@QuarkusTest
class BadInputTest {
    private Api.Tenant tenant;
    private String id;
    /** The conversation as read back before the bad request, exactly (its metadata holds 0.1 as written). */
    private String before;

    @BeforeEach
    void conversation() {
        tenant = newTenant();
        id = newConversation(tenant, "{\"keep\":\"me\",\"n\":0.1}");
        before = current();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            nested object          | {"metadata":{"plan":{"a":1}}}        | $.metadata.plan: nested objects are not allowed
            array                  | {"metadata":{"tags":[1,2]}}          | $.metadata.tags: arrays are not allowed
            metadata missing       | {}                                   | $.metadata: metadata is required
            metadata null          | {"metadata":null}                    | $.metadata: metadata is required
            metadata not object    | {"metadata":"x"}                     | $.metadata: metadata must be an object
            metadata array         | {"metadata":[]}                      | $.metadata: metadata must be an object
            unknown field          | {"metadata":{},"colour":1}           | $.colour: unknown field
            read-only field        | {"metadata":{},"status":"ended"}     | $.status: the field is read-only
            read-only id           | {"metadata":{},"id":"x"}             | $.id: the field is read-only
            NUL in value           | {"metadata":{"a":"x\\u0000y"}}       | $.metadata.a: the value contains the character U+0000
            NUL in key             | {"metadata":{"a\\u0000":"x"}}        | the key contains the character U+0000
            lone high surrogate    | {"metadata":{"a":"\\ud800"}}         | $.metadata.a: the value contains an unpaired UTF-16 surrogate
            lone low surrogate     | {"metadata":{"a":"x\\udc00"}}        | unpaired UTF-16 surrogate
            empty key              | {"metadata":{"":"x"}}                | keys must not be empty
            huge exponent          | {"metadata":{"a":1e999999}}          | $.metadata.a: the number has more than 4096 digits
            tiny exponent          | {"metadata":{"a":1e-999999}}         | $.metadata.a: the number has more than 4096 digits
            body not object        | [1,2]                                | $
            """)
    void invalidPatchIsRejectedWithThePathOfTheProblem(String name, String body, String details) {
        as(tenant)
                .body(body)
                .patch("/api/v2/conversations/" + id + "/")
                .then()
                .statusCode(400)
                .body("errors[0].type", equalTo("invalid_request"))
                .body("errors.details", hasItem(containsString(details)));
        assertEquals(before, current());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            truncated           | {"metadata":
            not JSON            | metadata=1
            duplicate key       | {"metadata":{"a":1,"a":2}}
            duplicate top key   | {"metadata":{},"metadata":{}}
            NaN                 | {"metadata":{"a":NaN}}
            Infinity            | {"metadata":{"a":Infinity}}
            single quotes       | {'metadata':{}}
            trailing garbage    | {"metadata":{}} x
            """)
    void malformedJsonIsRejected(String name, String body) {
        as(tenant)
                .body(body)
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(400)
                .body("errors[0].type", equalTo("invalid_request"))
                .body("errors[0].message", not(containsString("com.fasterxml")));
        assertEquals(before, current());
    }

    @Test
    void absurdlyDeepNestingIsRejected() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        as(tenant)
                .body("{\"metadata\":{\"a\":" + deep + "}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(400);
        assertEquals(before, current());
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = {
            '{',
            '"',
            'm',
            'e',
            't',
            'a',
            'd',
            'a',
            't',
            'a',
            '"',
            ':',
            '{',
            '"',
            'a',
            '"',
            ':',
            '"',
            (byte) 0xC3,
            (byte) 0x28,
            '"',
            '}',
            '}'
        };
        as(tenant).body(body).patch("/api/v2/conversations/" + id).then().statusCode(400);
        assertEquals(before, current());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        as(tenant)
                .body("{\"metadata\":{\"a\":{},\"b\":[],\"c\":\"ok\"},\"x\":1}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(400)
                .body("errors.size()", equalTo(3));
        assertEquals(before, current());
    }

    @Test
    void nonJsonMediaTypeIs415() {
        as(tenant)
                .contentType(ContentType.TEXT)
                .body("{\"metadata\":{}}")
                .patch("/api/v2/conversations/" + id)
                .then()
                .statusCode(415)
                .body("errors[0].type", equalTo("unsupported_media_type"));
        assertEquals(before, current());
    }

    @Test
    void bodyOverTenMegabytesIs413() throws Exception {
        // Announce an 11 MB body and send only the head: the refusal must come before the upload is read.
        String response;
        try (Socket socket = RawHttp.open(
                "PATCH",
                "/api/v2/conversations/" + id,
                tenant.key(),
                "Content-Type: application/json",
                "Content-Length: " + (11 * 1024 * 1024))) {
            response = RawHttp.readUntilClosed(socket);
        }

        assertEquals("HTTP/1.1 413", response.substring(0, 12));
        assertEquals(
                "payload_too_large",
                json(RawHttp.body(response)).get("errors").get(0).get("type").asText());
        assertEquals(before, current());
    }

    @Test
    void wrongMethodIs405() {
        as(tenant).delete("/api/v2/conversations/" + id).then().statusCode(405);
        as(tenant).put("/api/v2/conversations/" + id + "/").then().statusCode(405);
        assertEquals(before, current());
    }

    @Test
    void unknownRouteIs404() {
        as(tenant).get("/api/v2/nothing-here").then().statusCode(404).body("errors[0].type", equalTo("not_found"));
        given().get("/no/such/route").then().statusCode(404).body("errors[0].type", equalTo("not_found"));
    }

    @Test
    void unknownOrMalformedConversationIdIs404() {
        as(tenant).get("/api/v2/conversations/ffffffffffffffffffffffff").then().statusCode(404);
        as(tenant).get("/api/v2/conversations/not-an-id").then().statusCode(404);
        as(tenant).get("/api/v2/conversations/" + id.toUpperCase()).then().statusCode(404);
        as(tenant)
                .body("{\"metadata\":{\"a\":1}}")
                .patch("/api/v2/conversations/ffffffffffffffffffffffff")
                .then()
                .statusCode(404);
    }

    @Test
    void createRejectsBadInput() {
        as(tenant)
                .body("{}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(400)
                .body("errors.details", hasItem(containsString("$.channel_id: the field is required")));
        as(tenant)
                .body("{\"channel_id\":5}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(400);
        as(tenant)
                .body("{\"channel_id\":\"ffffffffffffffffffffffff\"}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(404);
        String channel = Api.newChannel(tenant);
        as(tenant)
                .body("{\"channel_id\":\"" + channel + "\",\"end_user_id\":\"ffffffffffffffffffffffff\"}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(404);
        as(tenant)
                .body("{\"channel_id\":\"" + channel + "\",\"metadata\":{\"a\":null}}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(400)
                .body("errors[0].details", containsString("$.metadata.a"));
        as(tenant)
                .body("{\"channel_id\":\"" + channel + "\",\"status\":\"ended\"}")
                .post("/api/v2/conversations")
                .then()
                .statusCode(400);
    }

    private String current() {
        return Api.exactConversation(tenant, id);
    }
}
