package io.glassbox.sentinel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An instance's address ({@code sentinelAddr}): the host as configured and the resolved IP.
 * Without {@code resolve-hostnames} only IP literals are accepted (anetResolve's ANET_IP_ONLY), as
 * Redis does; with it, names are resolved, and an unresolvable name may be kept with an empty IP.
 */
record SentinelAddr(String hostname, String ip, int port) {

    /** createSentinelAddr: null (with the reason in {@code error[0]}) for a bad port or an unresolvable host. */
    static SentinelAddr create(String hostname, int port, boolean acceptUnresolved, boolean resolveHostnames, String[] error) {
        if (port < 0 || port > 65535) {
            error[0] = "Invalid port number.";
            return null;
        }
        String ip = resolve(hostname, resolveHostnames);
        if (ip == null) {
            if (resolveHostnames && acceptUnresolved) {
                ip = "";
            } else {
                error[0] = "Can't resolve instance hostname.";
                return null;
            }
        }
        return new SentinelAddr(hostname, ip, port);
    }

    /** anetResolve: the IP of a literal, or (only if names may be resolved) of a name; null if none. */
    static String resolve(String host, boolean resolveHostnames) {
        if (isIpLiteral(host)) {
            try {
                return InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (!resolveHostnames) return null;
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static boolean isIpLiteral(String host) {
        if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String p : host.split("\\.")) if (Integer.parseInt(p) > 255) return false;
            return true;
        }
        return host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.]+");
    }

    /** sentinelAddrOrHostnameEqual. */
    boolean sameAs(SentinelAddr b) {
        return port == b.port && (ip.equals(b.ip) || hostname.equalsIgnoreCase(b.hostname));
    }

    /** sentinelAddrEqualsHostname: does {@code host} (resolved if it can be) name this address? */
    boolean equalsHostname(String host, boolean resolveHostnames) {
        String other = resolve(host, resolveHostnames);
        if (other == null) return (resolveHostnames ? hostname : ip).equalsIgnoreCase(host);
        return ip.equalsIgnoreCase(other);
    }

    /** announceSentinelAddr: the hostname with announce-hostnames, else the IP. */
    String announced(boolean announceHostnames) { return announceHostnames ? hostname : ip; }

    /** announceSentinelAddrAndPort: "ip:port", IPv6 bracketed as anetFormatAddr does. */
    String announcedWithPort(boolean announceHostnames) {
        String a = announced(announceHostnames);
        return a.indexOf(':') >= 0 ? "[" + a + "]:" + port : a + ":" + port;
    }

    @Override
    public String toString() { return hostname.toLowerCase(Locale.ROOT) + ":" + port; }
}
