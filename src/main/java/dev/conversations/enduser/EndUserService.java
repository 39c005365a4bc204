package dev.conversations.enduser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conversations.error.ApiError;
import dev.conversations.error.ApiException;
import dev.conversations.error.ErrorType;
import dev.conversations.id.ResourceId;
import dev.conversations.json.EndUserMetadata;
import dev.conversations.json.Metadata;
import dev.conversations.json.MetadataRules;
import dev.conversations.pagination.PageLinks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class EndUserService {
    /** A PATCH refused because another one changed the end user in between is tried again this often. */
    private static final int PATCH_ATTEMPTS = 3;

    private final EndUserRepository endUsers;
    private final MetadataRules metadataRules;
    private final SensitiveMetadataCipher cipher;
    private final EndUserSettings settings;
    private final PageLinks pageLinks;

    public EndUserService(
            EndUserRepository endUsers,
            @EndUserMetadata MetadataRules metadataRules,
            SensitiveMetadataCipher cipher,
            EndUserSettings settings,
            PageLinks pageLinks) {
        this.endUsers = endUsers;
        this.metadataRules = metadataRules;
        this.cipher = cipher;
        this.settings = settings;
        this.pageLinks = pageLinks;
    }

    Uni<EndUserRepository.Created> create(String tenantId, JsonNode body) {
        EndUserChanges changes = EndUserChanges.forCreate(body, metadataRules, maxSensitiveFields());
        requireCipherFor(changes.sensitive());
        String id = ResourceId.next();
        NewEndUser endUser = new NewEndUser(
                changes.fields(),
                metadataRules.toJson(changes.metadata().values()),
                encrypted(tenantId, id, changes.sensitive()),
                settings.attachWithin().toSeconds(),
                settings.sensitiveMetadata().retention().toSeconds());
        return endUsers.create(tenantId, id, endUser);
    }

    Uni<EndUser> find(String tenantId, String id) {
        if (!ResourceId.isValid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return endUsers.find(tenantId, id).map(found -> found.orElseThrow(EndUserService::notFound));
    }

    Uni<EndUser> findByExternalId(String tenantId, String externalId) {
        if (ExternalIds.problem(externalId) != null) {
            return Uni.createFrom().failure(notFound());
        }
        return endUsers.findByExternalId(tenantId, externalId)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("No end user has this external_id")));
    }

    Uni<EndUserPage> page(String tenantId, EndUserQuery query, String limit) {
        // One more than the page, to know whether there is a next page.
        return endUsers.page(tenantId, query.cursor(), query.limit() + 1).map(found -> {
            boolean more = found.size() > query.limit();
            List<EndUser> page = more ? found.subList(0, query.limit()) : found;
            String next = null;
            if (more) {
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put("limit", limit);
                next = pageLinks.next(
                        "/api/v2/end-users/",
                        parameters,
                        page.get(page.size() - 1).id());
            }
            return new EndUserPage(page, new EndUserPage.Meta(next));
        });
    }

    Uni<EndUser> patch(String tenantId, String id, JsonNode body) {
        EndUserChanges changes = EndUserChanges.forPatch(body, metadataRules, maxSensitiveFields());
        requireCipherFor(changes.sensitive());
        if (!ResourceId.isValid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        Metadata metadata = changes.metadata();
        SensitiveFields sensitive = changes.sensitive();
        EndUserPatch patch = new EndUserPatch(
                changes.fields(),
                metadata.removals().toArray(String[]::new),
                metadataRules.toJson(metadata.values()),
                metadataRules.maxBytes(),
                changes.clearMetadata(),
                sensitive.removals().toArray(String[]::new),
                encrypted(tenantId, id, sensitive),
                maxSensitiveFields(),
                sensitive.clearAll(),
                settings.sensitiveMetadata().retention().toSeconds());
        return patchAttempt(tenantId, id, patch, 1);
    }

    private Uni<EndUser> patchAttempt(String tenantId, String id, EndUserPatch patch, int attempt) {
        return endUsers.patch(tenantId, id, patch).flatMap(patched -> {
            if (patched.endUser() != null) {
                return Uni.createFrom().item(patched.endUser());
            }
            if (patched.refusal() == EndUserRepository.Patched.Refusal.CHANGED_CONCURRENTLY
                    && attempt < PATCH_ATTEMPTS) {
                return patchAttempt(tenantId, id, patch, attempt + 1);
            }
            return Uni.createFrom().failure(refused(patched));
        });
    }

    private ApiException refused(EndUserRepository.Patched patched) {
        return switch (patched.refusal()) {
            case NOT_FOUND -> notFound();
            case METADATA_TOO_LARGE -> ApiException.badRequest(List.of(metadataRules.tooLarge("$.profile.metadata")));
            case TOO_MANY_SENSITIVE_FIELDS ->
                ApiException.badRequest(
                        "Invalid request body",
                        "$.profile.sensitive_metadata.fields: an end user may hold at most " + maxSensitiveFields()
                                + " sensitive fields");
            case SHARED_KEYS ->
                ApiException.badRequest(
                        "Invalid request body",
                        "$.profile.sensitive_metadata.fields: keys in both metadata and sensitive_metadata: "
                                + String.join(", ", patched.sharedKeys()));
            case EXTERNAL_ID_TAKEN ->
                new ApiException(
                        409,
                        List.of(new ApiError(
                                ErrorType.EXTERNAL_ID_TAKEN,
                                "The external_id is already assigned to a different end user",
                                "$.external_id")));
            // Changed by others on every attempt: as for any conflict with concurrent writers, try again later.
            case CHANGED_CONCURRENTLY ->
                new ApiException(
                        409,
                        List.of(new ApiError(
                                ErrorType.CONFLICT, "The end user was changed concurrently; retry the request", null)));
        };
    }

    /** The sensitive values as a JSON object of key -> ciphertext. */
    private String encrypted(String tenantId, String endUserId, SensitiveFields sensitive) {
        ObjectNode sealed = JsonNodeFactory.instance.objectNode();
        sensitive.values().forEach((key, value) -> sealed.put(key, cipher.encrypt(tenantId, endUserId, key, value)));
        return sealed.toString();
    }

    private void requireCipherFor(SensitiveFields sensitive) {
        if (!sensitive.values().isEmpty() && !cipher.configured()) {
            throw new ApiException(
                    501,
                    List.of(new ApiError(
                            ErrorType.NOT_CONFIGURED,
                            "Sensitive metadata is not enabled on this server",
                            "the operator has not configured conversations.end-users.sensitive-metadata.key")));
        }
    }

    private int maxSensitiveFields() {
        return settings.sensitiveMetadata().maxFields();
    }

    private static ApiException notFound() {
        return ApiException.notFound("End user not found");
    }
}
