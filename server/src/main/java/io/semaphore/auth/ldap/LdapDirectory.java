package io.semaphore.auth.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import io.semaphore.errors.ServiceUnavailableException;
import io.semaphore.errors.UnauthorizedException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sign-in against the directory. Every network step has a timeout ({@link LdapSettings#timeout()}), so a
 * directory that is down or slow gives a 503 within seconds, and never a sign-in. With {@code ldap_needtls} the
 * connection is LDAPS and the server's certificate is checked against the JVM's trust store (Semaphore skips the
 * check); a test or an install with a private CA passes its own trust manager.
 */
public final class LdapDirectory {
    private static final Logger log = LoggerFactory.getLogger(LdapDirectory.class);

    private final LdapSettings settings;
    private final TrustManager trust;

    public LdapDirectory(LdapSettings settings) {
        this(settings, null);
    }

    /** {@code trust}: whom to trust for LDAPS; null for the JVM's default trust store. */
    public LdapDirectory(LdapSettings settings, TrustManager trust) {
        this.settings = settings;
        this.trust = trust;
    }

    /**
     * The directory's user of this login when {@code password} is theirs; empty when the directory has no such user
     * (a local user may still sign in). A wrong password, or an entry without an email, is a 401; a directory that cannot be asked is a 503.
     */
    public Optional<LdapUser> authenticate(String login, String password) {
        if (password == null || password.isEmpty()) {
            // an empty password would make the user's bind an anonymous bind, which directories accept
            throw new WrongPasswordException();
        }
        var m = settings.mappings();
        try (LDAPConnection c = connect()) {
            try {
                c.bind(settings.bindDn(), settings.bindPassword());
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.INVALID_CREDENTIALS) {
                    throw e;
                }
                throw unavailable("the directory refused the server's own account (ldap_binddn)", e);
            }
            Filter filter = Filter.create(settings.searchFilter().replace("%s", Filter.encodeValue(login)));
            SearchResult found = c.search(settings.searchDn(), SearchScope.SUB, filter,
                    m.dn(), m.mail(), m.uid(), m.cn());
            if (found.getEntryCount() == 0) {
                return Optional.empty();
            }
            if (found.getEntryCount() > 1) {
                throw new UnauthorizedException("The directory has " + found.getEntryCount() + " entries for '" + login
                        + "'; ask an administrator to make ldap_searchfilter match one person");
            }
            SearchResultEntry entry = found.getSearchEntries().getFirst();
            try {
                c.bind(entry.getDN(), password);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                    throw new WrongPasswordException();
                }
                throw e;
            }
            return Optional.of(user(entry, login));
        } catch (LDAPException e) {
            ResultCode code = e.getResultCode();
            String why = code == ResultCode.TIMEOUT ? "it did not answer within " + settings.timeout().toSeconds() + " s"
                    : code == ResultCode.CONNECT_ERROR || code == ResultCode.SERVER_DOWN ? "it could not be reached"
                    + (settings.needTls() ? " over LDAPS (ldap_needtls), or its certificate is not trusted" : "")
                    : "it answered " + code.getName();
            throw unavailable(why, e);
        }
    }

    private LdapUser user(SearchResultEntry entry, String login) {
        var m = settings.mappings();
        String email = value(entry, m.mail());
        if (email == null) {
            throw new UnauthorizedException("Your directory entry has no '" + m.mail()
                    + "' attribute (ldap_mappings.mail), which sign-in needs; ask your directory administrator to add it");
        }
        String username = value(entry, m.uid());
        username = (username == null ? login : username).toLowerCase(Locale.ROOT);
        String name = value(entry, m.cn());
        String dn = "dn".equalsIgnoreCase(m.dn()) ? entry.getDN() : Optional.ofNullable(value(entry, m.dn())).orElse(entry.getDN());
        return new LdapUser(dn, username, name == null ? username : name, email.toLowerCase(Locale.ROOT));
    }

    private static String value(SearchResultEntry entry, String attribute) {
        Attribute a = entry.getAttribute(attribute);
        String v = a == null ? null : a.getValue();
        return v == null || v.isBlank() ? null : v.strip();
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        int millis = (int) settings.timeout().toMillis();
        options.setConnectTimeoutMillis(millis);
        options.setResponseTimeoutMillis(millis);
        SocketFactory sockets = SocketFactory.getDefault();
        if (settings.needTls()) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false)); // the certificate must name the host
            try {
                sockets = (trust == null ? new SSLUtil() : new SSLUtil(trust)).createSSLSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new LDAPException(ResultCode.CONNECT_ERROR, "TLS is not available: " + e.getMessage(), e);
            }
        }
        return new LDAPConnection(sockets, options, settings.host(), settings.port());
    }

    private ServiceUnavailableException unavailable(String why, LDAPException cause) {
        log.warn("LDAP directory {} unavailable: {} ({})", settings.server(), why, cause.getMessage());
        return new ServiceUnavailableException("Sign-in through the LDAP directory (" + settings.server()
                + ") is not possible now: " + why + ". Try again later or tell an administrator.", cause);
    }

    /** For tests and installs with a private CA: trust the certificates in this Java key store file. */
    public static TrustManager trustStore(String path) {
        return new TrustStoreTrustManager(path);
    }
}
