package io.semaphore.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of {@code trusted_proxies}: a single IP address ({@code 10.0.0.5}, {@code ::1}) or a CIDR range
 * ({@code 10.0.0.0/8}, {@code fd00::/8}). Only literal addresses are read: a host name is refused rather than
 * looked up, so checking a request never waits for DNS.
 */
public final class AddressRange {
    private static final Pattern IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private AddressRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** Parses an address or CIDR range; throws IllegalArgumentException saying what is wrong. */
    public static AddressRange parse(String value) {
        String v = value == null ? "" : value.trim();
        int slash = v.indexOf('/');
        String addr = slash < 0 ? v : v.substring(0, slash);
        InetAddress ip = literal(addr).orElseThrow(() -> new IllegalArgumentException(
                "'" + value + "' is not an IP address or CIDR range such as 10.0.0.5, 10.0.0.0/8 or fd00::/8"));
        int bits = ip.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + value + "' has an invalid prefix length; allowed: /0 to /" + bits);
            }
        }
        return new AddressRange(ip.getAddress(), prefix, v);
    }

    /**
     * The address written in {@code text}, if it is an IPv4 or IPv6 literal (IPv4-mapped IPv6 addresses come back
     * as IPv4). Never resolves names.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            // A literal of these characters is parsed, never looked up.
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress ip) {
        byte[] a = ip.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
