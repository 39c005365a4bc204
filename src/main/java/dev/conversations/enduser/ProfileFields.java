package dev.conversations.enduser;

import dev.conversations.json.RequestObject;
import dev.conversations.json.TextRules;
import dev.conversations.json.WebUrls;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The plain fields of a profile and their rules (Ada states none beyond their types): names up to 200 characters,
 * avatar an http(s) URL up to 2048, email up to 320 with one @, language a well-formed BCP 47 tag up to 35.
 */
final class ProfileFields {
    static final List<String> NAMES = List.of("first_name", "last_name", "display_name", "avatar", "email", "language");

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private ProfileFields() {}

    /**
     * Reads each profile field present in {@code profile} into {@code changes}: a value replaces, null clears.
     * Problems are recorded in the request.
     */
    static void read(RequestObject profile, Map<String, String> changes) {
        for (String field : NAMES) {
            if (profile.get(field) == null) {
                continue;
            }
            if (profile.get(field).isNull()) {
                changes.put(field, null);
                continue;
            }
            String value = profile.optionalString(field, maxLength(field));
            if (value == null) {
                continue;
            }
            String problem = problem(field, value);
            if (problem != null) {
                profile.reject(field, problem);
            } else {
                changes.put(field, value);
            }
        }
    }

    private static int maxLength(String field) {
        return switch (field) {
            case "avatar" -> 2048;
            case "email" -> 320;
            case "language" -> 35;
            default -> 200;
        };
    }

    private static String problem(String field, String value) {
        if (TextRules.isBlank(value)) {
            return "must not be empty (null clears it)";
        }
        return switch (field) {
            case "avatar" -> WebUrls.isWebUrl(value) ? null : "must be an absolute http or https URL";
            case "email" -> EMAIL.matcher(value).matches() ? null : "must be an email address";
            case "language" ->
                LANGUAGE_TAG.matcher(value).matches() ? null : "must be a BCP 47 language tag, such as en or fr-CA";
            default -> null;
        };
    }
}
