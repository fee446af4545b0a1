package io.semaphore.api;

import io.javalin.http.Context;
import io.semaphore.config.AddressRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the client sent before any reverse proxy: its address, scheme and host. The {@code X-Real-IP},
 * {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} headers are believed only when
 * the connection comes from an address of {@code trusted_proxies}; from anyone else they are ignored, since any
 * client can send them.
 */
final class ForwardedHeaders {
    private final List<AddressRange> proxies;

    ForwardedHeaders(List<String> trustedProxies) {
        this.proxies = trustedProxies.stream().map(AddressRange::parse).toList();
    }

    /**
     * The client's address. Through trusted proxies: the last address of {@code X-Forwarded-For} that is not a
     * trusted proxy itself (earlier entries are whatever the client wrote), else {@code X-Real-IP}.
     */
    String clientIp(Context ctx) {
        String peer = peer(ctx);
        if (!trusted(peer)) {
            return peer;
        }
        String forwardedFor = ctx.header("X-Forwarded-For");
        if (forwardedFor != null && !forwardedFor.isBlank()) {
            String client = peer;
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                Optional<InetAddress> hop = AddressRange.literal(withoutPort(hops[i].trim()));
                if (hop.isEmpty()) {
                    break; // not an address: keep the last one a trusted proxy vouched for
                }
                client = hop.get().getHostAddress();
                if (!trusted(hop.get())) {
                    break;
                }
            }
            return client;
        }
        return AddressRange.literal(ctx.header("X-Real-IP")).map(InetAddress::getHostAddress).orElse(peer);
    }

    /** {@code http} or {@code https}, as the browser used it. */
    String scheme(Context ctx) {
        String forwarded = fromProxy(ctx, "X-Forwarded-Proto");
        if (forwarded != null && (forwarded.equals("http") || forwarded.equals("https"))) {
            return forwarded;
        }
        return ctx.scheme().toLowerCase(Locale.ROOT);
    }

    /** The host (and port) the browser asked for. */
    String host(Context ctx) {
        String forwarded = fromProxy(ctx, "X-Forwarded-Host");
        if (forwarded != null && !forwarded.isEmpty()) {
            return forwarded;
        }
        String host = ctx.host();
        return host != null && !host.isBlank() ? host.trim() : ctx.req().getServerName() + ":" + ctx.req().getServerPort();
    }

    /** The first value of a forwarded header, lowercased, when a trusted proxy sent it; else null. */
    private String fromProxy(Context ctx, String header) {
        String value = ctx.header(header);
        if (value == null || !trusted(peer(ctx))) {
            return null;
        }
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
    }

    private static String peer(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        return AddressRange.literal(remote).map(InetAddress::getHostAddress).orElse(remote);
    }

    private boolean trusted(String address) {
        return !proxies.isEmpty() && AddressRange.literal(address).map(this::trusted).orElse(false);
    }

    private boolean trusted(InetAddress address) {
        return proxies.stream().anyMatch(p -> p.contains(address));
    }

    /** {@code 1.2.3.4:5678} and {@code [::1]:5678} as some proxies write them. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
