package io.semaphore.auth.ldap;

/** The person the directory vouched for, from the attributes of {@code ldap_mappings}. */
public record LdapUser(String dn, String username, String name, String email) {}
