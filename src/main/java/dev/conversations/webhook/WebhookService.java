package dev.conversations.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.id.ResourceId;
import dev.conversations.json.RequestObject;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

@ApplicationScoped
public class WebhookService {
    /** Events one replay call makes due again; a call again continues where it stopped. */
    static final int REPLAY_BATCH = 10_000;

    private final WebhookRepository repository;
    private final WebhookSecrets secrets;
    private final WebhookUrls urls;
    private final WebhookSettings settings;

    public WebhookService(
            WebhookRepository repository, WebhookSecrets secrets, WebhookUrls urls, WebhookSettings settings) {
        this.repository = repository;
        this.secrets = secrets;
        this.urls = urls;
        this.settings = settings;
    }

    Uni<Webhook> create(String tenantId, JsonNode body) {
        secrets.requireConfigured();
        WebhookChanges webhook = WebhookChanges.forCreate(body, urls);
        String id = ResourceId.next();
        return requireReachable(webhook)
                .chain(() -> repository.create(
                        tenantId,
                        id,
                        webhook,
                        secrets.seal(tenantId, id, WebhookSecrets.generate()),
                        settings.maxPerTenant()))
                .map(created -> created.orElseThrow(() -> new ApiException(
                        409,
                        List.of(new ApiError(
                                ErrorType.LIMIT_REACHED,
                                "A tenant may have at most " + settings.maxPerTenant() + " webhooks",
                                "delete one first")))));
    }

    Uni<List<Webhook>> page(String tenantId, String after, int count) {
        return repository.page(tenantId, after, count);
    }

    Uni<Webhook> find(String tenantId, String id) {
        return requireId(id)
                .chain(() -> repository.find(tenantId, id))
                .map(found -> found.orElseThrow(() -> notFound()));
    }

    Uni<Webhook> update(String tenantId, String id, JsonNode body) {
        WebhookChanges changes = WebhookChanges.forPatch(body, urls);
        return requireId(id)
                .chain(() -> requireReachable(changes))
                .chain(() -> repository.update(tenantId, id, changes))
                .map(found -> found.orElseThrow(() -> notFound()));
    }

    Uni<Void> delete(String tenantId, String id) {
        return requireId(id).chain(() -> repository.delete(tenantId, id)).map(deleted -> {
            if (!deleted) {
                throw notFound();
            }
            return null;
        });
    }

    Uni<String> secret(String tenantId, String id) {
        secrets.requireConfigured();
        return requireId(id).chain(() -> repository.sealedSecret(tenantId, id)).map(stored -> {
            try {
                return secrets.open(tenantId, id, stored.orElseThrow(() -> notFound()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The webhook's secret does not open with the configured key", e);
            }
        });
    }

    /** A new secret (the client's, or generated); the previous one keeps signing for a while (Ada: 24 hours). */
    Uni<Void> rotateSecret(String tenantId, String id, JsonNode body) {
        secrets.requireConfigured();
        String secret = WebhookSecrets.generate();
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            RequestObject request = RequestObject.of(body, Set.of("key"), Set.of());
            String key = request.optionalString("key", 200);
            if (key != null) {
                String problem = WebhookSecrets.problem(key);
                if (problem != null) {
                    request.reject("key", problem);
                }
                secret = key;
            }
            request.done();
        }
        String stored = secrets.seal(tenantId, id, secret);
        double previousValid = settings.previousSecretValidity().toMillis() / 1000.0;
        return requireId(id)
                .chain(() -> repository.rotateSecret(tenantId, id, stored, previousValid))
                .map(rotated -> {
                    if (!rotated) {
                        throw notFound();
                    }
                    return null;
                });
    }

    Uni<List<WebhookAttempt>> attempts(String tenantId, String id, Long before, int count) {
        return find(tenantId, id).chain(webhook -> repository.attempts(tenantId, id, before, count));
    }

    Uni<Replay> replay(String tenantId, String id, JsonNode body) {
        RequestObject request = RequestObject.of(body, Set.of("since"), Set.of());
        String sinceText = request.requiredString("since", 64);
        OffsetDateTime since = null;
        if (sinceText != null) {
            try {
                since = OffsetDateTime.parse(sinceText);
            } catch (DateTimeParseException e) {
                request.reject("since", "must be an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00Z");
            }
        }
        request.done();
        OffsetDateTime from = since;
        return find(tenantId, id)
                .chain(webhook -> repository.replay(tenantId, id, from, REPLAY_BATCH))
                .map(count -> new Replay(count, count >= REPLAY_BATCH));
    }

    /** What a replay call did: events made due again, and whether more remain (call again). */
    record Replay(int replayed, boolean more) {}

    private Uni<Void> requireReachable(WebhookChanges changes) {
        if (changes.url() == null) {
            return Uni.createFrom().voidItem();
        }
        return urls.addressProblem(changes.url()).map(problem -> {
            if (problem != null) {
                throw ApiException.badRequest("Invalid request body", "$.url: " + problem);
            }
            return null;
        });
    }

    private static Uni<Void> requireId(String id) {
        return ResourceId.isValid(id)
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(notFound());
    }

    private static ApiException notFound() {
        return ApiException.notFound("Webhook not found");
    }
}
