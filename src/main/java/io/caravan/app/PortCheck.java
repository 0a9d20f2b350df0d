package io.caravan.app;

import io.caravan.config.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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

    /** host:port as written in configuration. */
    static void requireFree(String key, String hostPort) {
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
        requireFree(key, host, port);
    }
}
