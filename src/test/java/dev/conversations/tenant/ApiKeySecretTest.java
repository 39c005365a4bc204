package dev.conversations.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The form of an API key: exactly {@code cak_<24 hex>_<24 hex>_<43 base64url>[_<22 base64url>]}, nothing else. */
class ApiKeySecretTest {
    private static final String TENANT = "0123456789abcdef01234567";
    private static final String KEY = "89abcdef0123456789abcdef";
    private static final String SECRET = "A_b-" + "x".repeat(38) + "_"; // '_' and '-' are base64url
    private static final String MAC = "_Mac-" + "m".repeat(17);
    private static final String WITH_MAC = "cak_" + TENANT + "_" + KEY + "_" + SECRET + "_" + MAC;
    private static final String LEGACY = "cak_" + TENANT + "_" + KEY + "_" + SECRET;

    @Test
    void aKeyWithItsMacIsReadIntoItsParts() {
        ApiKeySecret parsed = ApiKeySecret.parse(WITH_MAC).orElseThrow();

        assertEquals(TENANT, parsed.tenantId());
        assertEquals(KEY, parsed.keyId());
        assertEquals(SECRET, parsed.secret());
        assertEquals(MAC, parsed.mac());
        assertEquals(WITH_MAC, parsed.token());
    }

    @Test
    void aKeyIssuedBeforeMacsHasNone() {
        ApiKeySecret parsed = ApiKeySecret.parse(LEGACY).orElseThrow();

        assertEquals(SECRET, parsed.secret());
        assertNull(parsed.mac());
        assertTrue(parsed.legacy());
    }

    @Test
    void anythingElseIsRefused() {
        List<String> malformed = List.of(
                "",
                "cak_",
                "Cak_" + WITH_MAC.substring(4),
                "cak_" + TENANT.toUpperCase() + WITH_MAC.substring(28),
                WITH_MAC.replace(TENANT + "_", TENANT + "-"),
                WITH_MAC.replace(KEY, KEY.substring(1) + "g"),
                LEGACY.substring(0, LEGACY.length() - 1),
                LEGACY + "x",
                WITH_MAC + "x",
                WITH_MAC.substring(0, WITH_MAC.length() - 1),
                LEGACY + "-" + MAC,
                WITH_MAC.replace(SECRET, SECRET.substring(1) + "="),
                WITH_MAC.replace(MAC, MAC.substring(1) + "+"),
                " " + WITH_MAC.substring(1));

        for (String token : malformed) {
            assertTrue(ApiKeySecret.parse(token).isEmpty(), token);
        }
    }
}
