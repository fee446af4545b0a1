package io.semaphore.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One entry of {@code oidc_providers} (Semaphore's keys); used by the sign-in options issue. */
public record OidcProvider(
        String clientId, String clientIdFile, String clientSecret, String clientSecretFile, String redirectUrl,
        List<String> scopes, String displayName, String color, String icon, String providerUrl, JsonNode endpoint,
        String usernameClaim, String nameClaim, String emailClaim, Integer order) {
    public OidcProvider {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile", "email") : List.copyOf(scopes);
        displayName = displayName == null ? "" : displayName;
        color = color == null ? "" : color;
        icon = icon == null ? "" : icon;
        order = order == null ? 0 : order;
    }

    @Override
    public String toString() {
        return "OidcProvider[" + displayName + ", " + providerUrl + "]";
    }
}
