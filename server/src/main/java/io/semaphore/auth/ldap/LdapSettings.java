package io.semaphore.auth.ldap;

import io.semaphore.config.Config;
import io.semaphore.config.LdapMappings;
import java.time.Duration;

/**
 * What the directory client needs from the configuration. {@code server} is {@code host[:port]} (389, or 636 with
 * {@code needTls}); {@code searchFilter} holds {@code %s} where the typed login goes (escaped).
 */
public record LdapSettings(String server, String bindDn, String bindPassword, String searchDn, String searchFilter,
                           boolean needTls, LdapMappings mappings, Duration timeout) {
    /** The settings of {@code config}; null when {@code ldap_enable} is off. */
    public static LdapSettings of(Config config) {
        if (!config.ldapEnable()) {
            return null;
        }
        return new LdapSettings(config.ldapServer(), config.ldapBinddn(), config.ldapBindpassword(),
                config.ldapSearchdn(), config.ldapSearchfilter(), config.ldapNeedtls(), config.ldapMappings(),
                Duration.ofSeconds(5));
    }

    String host() {
        int colon = server.lastIndexOf(':');
        return colon > 0 && !server.endsWith("]") ? server.substring(0, colon) : server;
    }

    int port() {
        int colon = server.lastIndexOf(':');
        if (colon > 0 && !server.endsWith("]")) {
            return Integer.parseInt(server.substring(colon + 1));
        }
        return needTls ? 636 : 389;
    }

    @Override
    public String toString() {
        return "LdapSettings[" + server + ", " + searchDn + "]"; // never the bind password
    }
}
