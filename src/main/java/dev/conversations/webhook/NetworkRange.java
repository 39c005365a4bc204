package dev.conversations.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block in CIDR notation (IPv4 or IPv6), e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. */
record NetworkRange(byte[] prefix, int bits) {

    static NetworkRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9a-fA-F:.]+")) {
            // InetAddress would resolve a host name; a range is always literal.
            throw new IllegalArgumentException("Not an address range: " + cidr);
        }
        try {
            byte[] prefix = InetAddress.getByName(address).getAddress();
            int bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > prefix.length * 8) {
                throw new IllegalArgumentException("Not an address range: " + cidr);
            }
            return new NetworkRange(prefix, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Not an address range: " + cidr, e);
        }
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != prefix.length) {
            return false;
        }
        int whole = bits / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[whole] & mask) == (prefix[whole] & mask);
    }
}
