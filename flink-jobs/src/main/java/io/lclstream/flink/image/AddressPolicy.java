package io.lclstream.flink.image;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Owns which network addresses image fetches may reach: public unicast only, unless loopback, private
 * (RFC 1918, CGNAT 100.64/10, IPv6 ULA fc00::/7) or link-local (169.254/16 — cloud metadata — and fe80::/10)
 * are allowed explicitly. Any-local (0.0.0.0, ::, 0/8), broadcast and multicast are always refused.
 */
public record AddressPolicy(boolean allowLoopback, boolean allowPrivate, boolean allowLinkLocal) {

    /** Public addresses only: the right setting for pages from the open web. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(false, false, false);
    }

    /** Empty when {@code address} may be contacted; otherwise why not. */
    public Optional<String> refusal(InetAddress address) {
        byte[] a = address.getAddress();
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && (a[0] == 0))) {
            return Optional.of(address.getHostAddress() + " is an any-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of(address.getHostAddress() + " is a multicast address");
        }
        if (address instanceof Inet4Address && a[0] == (byte) 255 && a[1] == (byte) 255 && a[2] == (byte) 255
                && a[3] == (byte) 255) {
            return Optional.of(address.getHostAddress() + " is the broadcast address");
        }
        if (address.isLoopbackAddress() && !allowLoopback) {
            return Optional.of(address.getHostAddress() + " is a loopback address (allow with image.fetch.allow-loopback)");
        }
        if (address.isLinkLocalAddress() && !allowLinkLocal) {
            return Optional.of(address.getHostAddress()
                    + " is a link-local address (allow with image.fetch.allow-link-local)");
        }
        if (isPrivate(address, a) && !allowPrivate) {
            return Optional.of(address.getHostAddress() + " is a private address (allow with image.fetch.allow-private)");
        }
        return Optional.empty();
    }

    private static boolean isPrivate(InetAddress address, byte[] a) {
        if (address.isSiteLocalAddress()) {
            return true; // 10/8, 172.16/12, 192.168/16, fec0::/10
        }
        if (address instanceof Inet4Address) {
            return (a[0] & 0xFF) == 100 && (a[1] & 0xC0) == 64; // 100.64.0.0/10 carrier-grade NAT
        }
        return address instanceof Inet6Address && (a[0] & 0xFE) == 0xFC; // fc00::/7 unique local
    }
}
