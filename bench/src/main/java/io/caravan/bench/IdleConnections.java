package io.caravan.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SMTP connections that read their banner and then say nothing, as idle or slow clients do. All are
 * connected first and their banners read afterwards with one shared deadline, so a server that cannot serve
 * them all (Postfix at its process limit) leaves the rest waiting in its accept queue and they are counted
 * as connected without a banner instead of stalling the run.
 */
final class IdleConnections implements AutoCloseable {
    /** Consecutive connect failures after which opening stops: the server is refusing, not slow. */
    private static final int GIVE_UP_AFTER_FAILURES = 20;

    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger banners = new AtomicInteger();
    private int connected;
    private double openSeconds;
    private String firstError;

    /** Connects up to {@code count} clients to 127.0.0.1:{@code port} and waits up to {@code bannerMs} for banners. */
    static IdleConnections open(int port, int count, long bannerMs) throws InterruptedException {
        IdleConnections c = new IdleConnections();
        long start = System.nanoTime();
        int failures = 0;
        for (int i = 0; i < count && failures < GIVE_UP_AFTER_FAILURES; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                c.sockets.add(s);
                failures = 0;
            } catch (IOException e) {
                failures++;
                c.error("connect: " + e.getMessage());
                closeQuietly(s);
            }
        }
        long deadline = System.currentTimeMillis() + bannerMs;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        for (Socket s : c.sockets) {
            pool.execute(() -> c.readBanner(s, deadline));
        }
        pool.shutdown();
        pool.awaitTermination(bannerMs + 10_000, TimeUnit.MILLISECONDS);
        c.connected = c.sockets.size();
        c.openSeconds = (System.nanoTime() - start) / 1e9;
        return c;
    }

    private void readBanner(Socket s, long deadline) {
        try {
            s.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            String line = readLine(s.getInputStream());
            if (line != null && line.startsWith("220")) {
                banners.incrementAndGet();
            } else {
                error("banner: " + line);
            }
        } catch (SocketTimeoutException e) {
            error("no banner before the deadline");
        } catch (IOException e) {
            error("banner: " + e.getMessage());
        }
    }

    int connected() {
        return connected;
    }

    /** From the first connect to the last banner (or the banner deadline). */
    double openSeconds() {
        return openSeconds;
    }

    int banners() {
        return banners.get();
    }

    synchronized String firstError() {
        return firstError;
    }

    /** Connections the server has not closed: a short read times out instead of returning end of stream. */
    int stillOpen() {
        int open = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                int b = s.getInputStream().read();
                if (b >= 0) {
                    open++; // it spoke (a timeout reply would be followed by a close); still counts as open now
                }
            } catch (SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                // reset by the server
            }
        }
        return open;
    }

    @Override
    public void close() {
        sockets.forEach(IdleConnections::closeQuietly);
        sockets.clear();
    }

    private synchronized void error(String what) {
        if (firstError == null) {
            firstError = what;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return c < 0 && b.isEmpty() ? null : b.toString().trim();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
