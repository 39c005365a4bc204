package dev.conversations.security;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test-only (src/test is part of the {@code @QuarkusTest} application, never of the packaged one): a tenant-API
 * route that fails with an exception of ours, so a test can drive the 500 path through the real authentication
 * filter and exception mapper.
 */
@Path("/api/v2/test-only/failure")
@Produces(MediaType.APPLICATION_JSON)
public class FailingResource {
    static final String PATH = "/api/v2/test-only/failure";
    static final String MESSAGE = "the test-only resource failed on purpose";

    @GET
    public String failOnRead() {
        throw new IllegalStateException(MESSAGE);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public String failOnWrite(JsonNode body) {
        throw new IllegalStateException(MESSAGE);
    }
}
