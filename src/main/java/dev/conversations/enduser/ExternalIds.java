package dev.conversations.enduser;

import dev.conversations.json.TextRules;
import java.util.Locale;

/** Ada's external ids: at most 36 characters, no {@code <} or {@code >}, unique per tenant ignoring case. */
final class ExternalIds {
    static final int MAX_LENGTH = 36;

    private ExternalIds() {}

    /** Why {@code externalId} is not acceptable, or null when it is. */
    static String problem(String externalId) {
        int length = externalId.codePointCount(0, externalId.length());
        if (length == 0 || externalId.isBlank()) {
            return "must not be empty (null removes it)";
        }
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (externalId.indexOf('<') >= 0 || externalId.indexOf('>') >= 0) {
            return "must not contain < or >";
        }
        return TextRules.problem(externalId);
    }

    /**
     * The form that decides uniqueness: case-folded here rather than by the database's lower(), which folds only
     * ASCII under the C locale. Upper then lower case folds more than lower alone (e.g. "ß" and "SS").
     */
    static String key(String externalId) {
        return externalId == null ? null : externalId.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
