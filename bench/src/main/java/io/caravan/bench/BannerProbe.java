package io.caravan.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** What one new client sees on connecting during a fault: the first reply line and how long it took. */
record BannerProbe(String line, long millis) {

    static BannerProbe of(int port, int timeoutMs) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return new BannerProbe(line == null ? "(closed without a reply)" : line, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            return new BannerProbe(LoadGenerator.rootMessage(e), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Override
    public String toString() {
        return "\"" + line + "\" after " + millis + " ms";
    }
}
