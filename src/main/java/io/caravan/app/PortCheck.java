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

    /**
     * host:port as written in configuration, for a listener without authentication of its own: anything
     * but a loopback address would give it to the network, so it refuses to start.
     */
    /** host:port as written in configuration, for a listener that asks every client to log in. */
    static void requireFree(String key, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(key + ": expected host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        try {
            requireFree(key, host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": expected host:port, got '" + hostPort + "'");
        }
    }

    static void requireFreeOnLoopback(String key, String hostPort, String why) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(key + ": expected host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": expected host:port, got '" + hostPort + "'");
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new ConfigException(key + "=" + hostPort + " is not a loopback address: " + why);
            }
        } catch (UnknownHostException e) {
            throw new ConfigException(key + ": " + host + " is not an address of this host");
        }
        requireFree(key, host, port);
    }
}
