package io.caravan.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Loopback helpers: is an SMTP server answering 220 on a port yet, and which port is free. */
final class SmtpProbe {
    private SmtpProbe() {
    }

    /** Waits for a 220 banner; false when the time is up or {@code alive} says the process is gone. */
    static boolean awaitBanner(int port, long timeoutMs, BooleanSupplier alive) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (!alive.getAsBoolean()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(5000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String line = in.readLine();
                if (line != null && line.startsWith("220")) {
                    s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                    return true;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
