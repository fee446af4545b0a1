package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteGuardTest {
    @Test
    void origin_isSchemeHostAndPort_lowercased_withoutDefaultPortsOrPaths() {
        assertThat(CrossSiteGuard.origin("https://Semaphore.Example.com:443/project/1?x=1")).isEqualTo("https://semaphore.example.com");
        assertThat(CrossSiteGuard.origin("http://127.0.0.1:80")).isEqualTo("http://127.0.0.1");
        assertThat(CrossSiteGuard.origin("http://127.0.0.1:3000/")).isEqualTo("http://127.0.0.1:3000");
        assertThat(CrossSiteGuard.origin("http://[::1]:3000")).isEqualTo("http://[::1]:3000");
        assertThat(CrossSiteGuard.origin("http://user:pw@host.example:8080/x")).isEqualTo("http://host.example:8080");
        // Names with '_' are valid for browsers (container names), though java.net.URI finds no host in them
        assertThat(CrossSiteGuard.origin("http://semaphore_app:3000")).isEqualTo("http://semaphore_app:3000");
        assertThat(CrossSiteGuard.origin("null")).isNull();
        assertThat(CrossSiteGuard.origin("file:///etc/passwd")).isNull();
        assertThat(CrossSiteGuard.origin("")).isNull();
    }

    @Test
    void isJson_acceptsJsonAndPlusJsonTypes_only() {
        assertThat(CrossSiteGuard.isJson("application/json")).isTrue();
        assertThat(CrossSiteGuard.isJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(CrossSiteGuard.isJson("application/merge-patch+json")).isTrue();
        assertThat(CrossSiteGuard.isJson("text/plain")).isFalse();
        assertThat(CrossSiteGuard.isJson("text/json+plain")).isFalse();
        assertThat(CrossSiteGuard.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(CrossSiteGuard.isJson(null)).isFalse();
    }
}
