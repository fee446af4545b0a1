/**
 * Sign-in against an LDAP directory (Semaphore's {@code ldap_*} keys): bind as the service account, find the user by
 * {@code ldap_searchfilter}, bind as the user with the typed password, read the mapped attributes. UnboundID LDAP SDK.
 */
package io.semaphore.auth.ldap;
