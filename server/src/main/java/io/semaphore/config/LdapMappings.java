package io.semaphore.config;

/** {@code ldap_mappings}: which LDAP attributes hold the DN, mail, login and name. */
public record LdapMappings(String dn, String mail, String uid, String cn) {
    public LdapMappings {
        dn = dn == null || dn.isEmpty() ? "dn" : dn;
        mail = mail == null || mail.isEmpty() ? "mail" : mail;
        uid = uid == null || uid.isEmpty() ? "uid" : uid;
        cn = cn == null || cn.isEmpty() ? "cn" : cn;
    }

    public static LdapMappings defaults() {
        return new LdapMappings(null, null, null, null);
    }
}
