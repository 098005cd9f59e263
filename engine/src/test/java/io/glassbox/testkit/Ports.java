package io.glassbox.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free loopback ports for servers a test starts. */
public final class Ports {
    private Ports() {
    }

    /** A port nothing listens on now (the OS picks it); the server started next binds it. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port for a cluster node: it and its bus port (port + 10000) are both free now. Taken from
     * 22100-22999 (the cluster tests' range; {@code -Dglassbox.clusterPorts=FROM-TO} moves it), so
     * that bus ports never land in the OS's ephemeral range other servers draw from.
     */
    public static int freeClusterPort() {
        String range = System.getProperty("glassbox.clusterPorts", "22100-22999");
        int from = Integer.parseInt(range.substring(0, range.indexOf('-')));
        int to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
        int span = to - from + 1;
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int p = from + (start + i) % span;
            if (isFree(p) && isFree(p + 10000)) return p;
        }
        throw new IllegalStateException("no free cluster port in " + range);
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
