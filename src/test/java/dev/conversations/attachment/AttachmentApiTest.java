package dev.conversations.attachment;

import static dev.conversations.support.Api.as;
import static dev.conversations.support.Api.newConversation;
import static dev.conversations.support.Api.newTenant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.conversations.support.Api;
import dev.conversations.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Uploads over HTTP (multipart, as Ada's), the signed URLs that serve them, and file messages that name them. */
@QuarkusTest
class AttachmentApiTest {
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    AttachmentUrls urls;

    @Test
    void uploadsOnlyInHandoffSniffTheTypeAndServeTheBytesBackUnderTheSignedUrl() throws Exception {
        Api.Tenant tenant = newTenant();
        String conversation = newConversation(tenant, "{}");
        upload(tenant, conversation, "report.pdf", PDF, "application/pdf")
                .then()
                .statusCode(400)
                .body("errors[0].type", equalTo("not_in_handoff"));
        joinAsHumanAgent(tenant, conversation);

        // The client's Content-Type and path are ignored: the type comes from the bytes, the name loses its path.
        Response uploaded = upload(tenant, conversation, "../../etc/report.pdf", PDF, "text/html");
        uploaded.then()
                .statusCode(201)
                .body("mime_type", equalTo("application/pdf"))
                .body("filename", equalTo("report.pdf"))
                .body("url", containsString("/attachments/"));
        String url = uploaded.path("url");
        Response served = given().get(url);
        served.then()
                .statusCode(200)
                .contentType("application/pdf")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename*=UTF-8''report.pdf")
                .header("Content-Length", String.valueOf(PDF.length));
        assertArrayEquals(PDF, served.asByteArray());

        // The same URL with another signature, or another attachment's id under this signature: 403.
        given().get(tampered(url)).then().statusCode(403);
        String id = url.replaceFirst(".*/attachments/([^/]+)/.*", "$1");
        String otherId = (id.charAt(0) == '0' ? "1" : "0") + id.substring(1);
        given().get(url.replaceFirst("/attachments/[^/]+/", "/attachments/" + otherId + "/"))
                .then()
                .statusCode(403);
    }

    @Test
    void anExpiredUrlIsRefused() {
        Api.Tenant tenant = newTenant();
        String conversation = newConversation(tenant, "{}");
        joinAsHumanAgent(tenant, conversation);
        String url =
                upload(tenant, conversation, "a.pdf", PDF, "application/pdf").path("url");
        String id = url.replaceFirst(".*/attachments/([^/]+)/.*", "$1");
        long past = Instant.now().getEpochSecond() - 1;
        given().get(urls.of(id, "a.pdf", past)).then().statusCode(403).body("errors[0].type", equalTo("forbidden"));
        given().get(urls.of(id, "a.pdf", past + 120)).then().statusCode(200);
    }

    @Test
    void documentsAreRecognisedFromTheirContentAndOtherFilesAreRefused() throws IOException {
        Api.Tenant tenant = newTenant();
        String conversation = newConversation(tenant, "{}");
        joinAsHumanAgent(tenant, conversation);
        byte[] docx = zip("[Content_Types].xml", "word/document.xml");
        upload(tenant, conversation, "letter.docx", docx, "application/octet-stream")
                .then()
                .statusCode(201)
                .body("mime_type", equalTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
        // A plain ZIP named .docx is a ZIP.
        upload(tenant, conversation, "fake.docx", zip("a.txt"), "application/msword")
                .then()
                .statusCode(201)
                .body("mime_type", equalTo("application/zip"));
        upload(tenant, conversation, "notes.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/html")
                .then()
                .statusCode(201)
                .body("mime_type", equalTo("text/csv"));
        // A Windows executable called .pdf, and an HTML page: not Ada's types.
        byte[] exe = Arrays.copyOf("MZ\u0090".getBytes(StandardCharsets.ISO_8859_1), 64);
        upload(tenant, conversation, "invoice.pdf", exe, "application/pdf")
                .then()
                .statusCode(400);
        upload(tenant, conversation, "page.html", "<html><script>x</script></html>".getBytes(), "text/plain")
                .then()
                .statusCode(400);
        as(tenant).get("/api/v2/conversations/" + conversation).then().statusCode(200);
    }

    @Test
    void badUploadsAreRefusedAndNothingIsStored() throws Exception {
        Api.Tenant tenant = newTenant();
        Api.Tenant other = newTenant();
        String conversation = newConversation(tenant, "{}");
        joinAsHumanAgent(tenant, conversation);
        Uploads.send(tenant.key(), path(conversation), "other", "a.pdf", PDF, "application/pdf")
                .then()
                .statusCode(400)
                .body("errors[0].details", equalTo("file: a multipart part named file is required"));
        upload(other, conversation, "a.pdf", PDF, "application/pdf").then().statusCode(404);
        upload(tenant, "0".repeat(24), "a.pdf", PDF, "application/pdf").then().statusCode(404);
        Uploads.send(null, path(conversation), "file", "a.pdf", PDF, "application/pdf")
                .then()
                .statusCode(401);
        // A body that does not announce its length (RestAssured sends multipart chunked) cannot be bounded before
        // it is read.
        authorized(tenant)
                .multiPart("file", "a.pdf", PDF, "application/pdf")
                .post(path(conversation))
                .then()
                .statusCode(411)
                .body("errors[0].type", equalTo("length_required"));
        try (TestDatabase database = TestDatabase.connect()) {
            assertEquals(
                    "0",
                    database.queryText(
                            "SELECT count(*) FROM attachments WHERE tenant_id = ? AND conversation_id = ?",
                            tenant.id(),
                            conversation));
        }
    }

    /** The largest allowed file (50 MiB) is stored and served whole; one byte more is 413. */
    @Test
    void theLargestAllowedFileIsAcceptedAndOneByteMoreIsNot() {
        Api.Tenant tenant = newTenant();
        String conversation = newConversation(tenant, "{}");
        joinAsHumanAgent(tenant, conversation);
        byte[] largest = new byte[50 * 1024 * 1024];
        Arrays.fill(largest, (byte) 'a');
        String url = upload(tenant, conversation, "large.txt", largest, "text/plain")
                .then()
                .statusCode(201)
                .body("mime_type", equalTo("text/plain"))
                .extract()
                .path("url");
        byte[] served = given().get(url).then().statusCode(200).extract().asByteArray();
        assertEquals(largest.length, served.length);
        assertArrayEquals(largest, served);

        byte[] tooLarge = Arrays.copyOf(largest, largest.length + 1);
        tooLarge[largest.length] = 'a';
        upload(tenant, conversation, "large.txt", tooLarge, "text/plain")
                .then()
                .statusCode(413)
                .body("errors[0].type", equalTo("payload_too_large"));
    }

    @Test
    void aFileMessageMustNameAnAttachmentOfItsConversation() {
        Api.Tenant tenant = newTenant();
        String conversation = newConversation(tenant, "{}");
        String elsewhere = newConversation(tenant, "{}");
        joinAsHumanAgent(tenant, conversation);
        joinAsHumanAgent(tenant, elsewhere);
        String url =
                upload(tenant, conversation, "a.pdf", PDF, "application/pdf").path("url");
        String otherUrl =
                upload(tenant, elsewhere, "a.pdf", PDF, "application/pdf").path("url");

        String message = """
                {"author":{"role":"human_agent","display_name":"Agent"},
                 "content":{"type":"file","url":"%s","mime_type":"%s","filename":"%s"}}""";
        as(tenant)
                .body(message.formatted(url, "application/pdf", "a.pdf"))
                .post("/api/v2/conversations/" + conversation + "/messages/")
                .then()
                .statusCode(201)
                .body("content.type", equalTo("file"))
                .body("content.url", equalTo(url));
        as(tenant)
                .get("/api/v2/conversations/" + conversation + "/messages/")
                .then()
                .statusCode(200)
                .body("data[1].content.url", equalTo(url))
                .body("data[1].content.mime_type", equalTo("application/pdf"));
        for (String[] wrong : new String[][] {
            {otherUrl, "application/pdf", "a.pdf", "$.content.url"},
            {tampered(url), "application/pdf", "a.pdf", "$.content.url"},
            // Our path and a valid signature under another scheme and host: never stored as sent.
            {"javascript://x" + url + "&x=%0Aalert(1)", "application/pdf", "a.pdf", "$.content.url"},
            {url, "image/png", "a.pdf", "$.content.mime_type"},
            {url, "application/pdf", "b.pdf", "$.content.filename"}
        }) {
            as(tenant)
                    .body(message.formatted(wrong[0], wrong[1], wrong[2]))
                    .post("/api/v2/conversations/" + conversation + "/messages/")
                    .then()
                    .statusCode(400)
                    .body("errors[0].details", containsString(wrong[3] + ":"));
        }
    }

    @Test
    void anotherTenantCannotNameAnAttachmentAndTheStoredUrlIsOurs() {
        Api.Tenant owner = newTenant();
        Api.Tenant other = newTenant();
        String conversation = newConversation(owner, "{}");
        String theirs = newConversation(other, "{}");
        joinAsHumanAgent(owner, conversation);
        String url =
                upload(owner, conversation, "a.pdf", PDF, "application/pdf").path("url");
        String message = """
                {"author":{"role":"human_agent","display_name":"Agent"},
                 "content":{"type":"file","url":"%s","mime_type":"application/pdf","filename":"a.pdf"}}""";
        as(other)
                .body(message.formatted(url))
                .post("/api/v2/conversations/" + theirs + "/messages/")
                .then()
                .statusCode(400);
        // Sent with a host of the client's choosing and an extra parameter: stored and returned as we issue it.
        as(owner)
                .body(message.formatted("https://evil.example" + url + "&next=https://evil.example"))
                .post("/api/v2/conversations/" + conversation + "/messages/")
                .then()
                .statusCode(201)
                .body("content.url", equalTo(url));
    }

    @Test
    void anSvgIsServedAsADownloadThatCannotRunAndUnknownBytesAreRefusedWhateverTheirName() {
        Api.Tenant tenant = newTenant();
        String conversation = newConversation(tenant, "{}");
        joinAsHumanAgent(tenant, conversation);
        byte[] svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8);
        String url = upload(tenant, conversation, "logo.svg", svg, "image/svg+xml")
                .then()
                .statusCode(201)
                .body("mime_type", equalTo("image/svg+xml"))
                .extract()
                .path("url");
        given().get(url)
                .then()
                .statusCode(200)
                .header("Content-Disposition", "attachment; filename*=UTF-8''logo.svg")
                .header("Content-Security-Policy", containsString("sandbox"))
                .header("X-Content-Type-Options", "nosniff");
        byte[] noise = new byte[4096];
        new java.util.Random(7).nextBytes(noise);
        for (String name : new String[] {"photo.png", "clip.mov", "report.doc"}) {
            upload(tenant, conversation, name, noise, "image/png").then().statusCode(400);
        }
    }

    /** The URL with its signature changed in its first character (to another one, whatever it was). */
    private static String tampered(String url) {
        int at = url.indexOf("signature=") + "signature=".length();
        char changed = url.charAt(at) == 'A' ? 'B' : 'A';
        return url.substring(0, at) + changed + url.substring(at + 1);
    }

    private static void joinAsHumanAgent(Api.Tenant tenant, String conversation) {
        as(tenant)
                .body("{\"author\":{\"role\":\"human_agent\",\"display_name\":\"Agent\"},"
                        + "\"content\":{\"type\":\"text\",\"body\":\"Hello, I am taking over\"}}")
                .post("/api/v2/conversations/" + conversation + "/messages/")
                .then()
                .statusCode(201);
    }

    /**
     * A multipart upload with its Content-Length, as curl, browsers and most SDKs send it (RestAssured's client
     * sends multipart chunked, which the service refuses with 411).
     */
    private static Response upload(
            Api.Tenant tenant, String conversation, String filename, byte[] content, String contentType) {
        return Uploads.send(tenant.key(), path(conversation), "file", filename, content, contentType);
    }

    private static RequestSpecification authorized(Api.Tenant tenant) {
        return given().header("Authorization", "Bearer " + tenant.key());
    }

    private static String path(String conversation) {
        return "/api/v2/conversations/" + conversation + "/attachments/";
    }

    private static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
