package io.caravan.app;

import io.caravan.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Checks that the ports the gateway will listen on are free before anything
 * starts, so a clash stops the process with one line naming the port and the
 * key that set it, instead of leaving half a gateway running.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(String key, String host, int port) {
        if (port == 0) {
            return; // an ephemeral port cannot clash
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new ConfigException("port " + port + " on " + host + " (" + key + ") is already in use");
        }
    }

    /** host:port as written in configuration, for a listener that asks every client to log in. */
    static void requireFree(String key, String hostPort) {
        requireFree(key, host(key, hostPort), port(key, hostPort));
    }

    /**
     * host:port as written in configuration, for a listener without authentication of its own: anything
     * but a loopback address would give it to the network, so it refuses to start.
     */
    static void requireFreeOnLoopback(String key, String hostPort, String why) {
        if (!loopback(key, hostPort)) {
            throw new ConfigException(key + "=" + hostPort + " is not a loopback address: " + why);
        }
        requireFree(key, hostPort);
    }

    /** Whether host:port as written in configuration names a loopback address. */
    static boolean loopback(String key, String hostPort) {
        String host = host(key, hostPort);
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(key + ": " + host + " is not an address of this host");
        }
    }

    private static String host(String key, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(key + ": expected host:port, got '" + hostPort + "'");
        }
        return hostPort.substring(0, colon).replace("[", "").replace("]", "");
    }

    private static int port(String key, String hostPort) {
        try {
            return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": expected host:port, got '" + hostPort + "'");
        }
    }
}
