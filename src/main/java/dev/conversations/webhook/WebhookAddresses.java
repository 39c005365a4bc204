package dev.conversations.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses a webhook may be delivered to: never loopback, private, link-local, shared (carrier NAT),
 * multicast, reserved or cloud-metadata addresses (169.254.169.254, fd00:ec2::254, 100.100.100.200 fall in
 * these), including IPv4 addresses carried inside IPv6 ones, unless configuration allows their network.
 */
final class WebhookAddresses {
    private static final List<NetworkRange> FORBIDDEN = List.of(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.0.2.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "198.51.100.0/24",
                    "203.0.113.0/24",
                    "224.0.0.0/3",
                    "::/127",
                    "fc00::/7",
                    "fe80::/10",
                    "fec0::/10",
                    "ff00::/8",
                    "2001:db8::/32",
                    // Local-use NAT64 (RFC 8215): its IPv4 is the operator's own choice of network.
                    "64:ff9b:1::/48")
            .stream()
            .map(NetworkRange::parse)
            .toList();

    private final List<NetworkRange> allowed;

    WebhookAddresses(List<String> allowedNetworks) {
        this.allowed = allowedNetworks.stream().map(NetworkRange::parse).toList();
    }

    /** Whether a delivery may connect to this address. */
    boolean permits(InetAddress address) {
        if (allowed.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        InetAddress effective = embeddedIpv4(address);
        if (effective != address && !permits(effective)) {
            return false;
        }
        return FORBIDDEN.stream().noneMatch(range -> range.contains(effective));
    }

    /**
     * The IPv4 address an IPv6 one carries (IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), or the
     * address itself. IPv4-mapped ::ffff:a.b.c.d already comes back from InetAddress as an Inet4Address.
     */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        if (isZero(b, 0, 12) && !isZero(b, 12, 16)) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && isZero(b, 4, 12)) {
            v4 = Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = Arrays.copyOfRange(b, 2, 6);
        }
        if (v4 == null) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
