package io.caravan.egress.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A receiver on 127.0.0.1 that offers STARTTLS, takes TLS from the JDK with the given context, and after it
 * announces the extensions the test asks for (REQUIRETLS or not), so the test can see the MAIL command the
 * client wrote inside TLS. SubEthaSMTP cannot announce REQUIRETLS.
 */
final class StartTlsReceiver implements AutoCloseable {

    /** Every command line received, in order, from every connection. */
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final SSLContext tls;
    private final List<String> afterTls;
    private final Thread acceptor;

    StartTlsReceiver(SSLContext tls, String... extensionsAfterTls) throws IOException {
        this.tls = tls;
        this.afterTls = List.of(extensionsAfterTls);
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::accept, "start-tls-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    MxTarget target(String hostname) {
        return new MxTarget(hostname, server.getInetAddress(), server.getLocalPort());
    }

    /** The MAIL commands received. */
    List<String> mailCommands() {
        return lines.stream().filter(l -> l.startsWith("MAIL FROM:")).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "start-tls-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (Socket socket = plain) {
            socket.setSoTimeout(10_000);
            Socket s = socket;
            BufferedReader in = reader(s);
            write(s, "220 mx.dest.test ESMTP");
            expect(in, "EHLO");
            write(s, "250-mx.dest.test", "250 STARTTLS");
            expect(in, "STARTTLS");
            write(s, "220 2.0.0 go ahead");
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            s = ssl;
            in = reader(s);
            expect(in, "EHLO");
            String[] ehlo = new String[afterTls.size() + 1];
            ehlo[0] = (afterTls.isEmpty() ? "250 " : "250-") + "mx.dest.test";
            for (int i = 0; i < afterTls.size(); i++) {
                ehlo[i + 1] = (i == afterTls.size() - 1 ? "250 " : "250-") + afterTls.get(i);
            }
            write(s, ehlo);
            for (String line = read(in); line != null; line = read(in)) {
                if (line.startsWith("DATA")) {
                    write(s, "354 go");
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        // the content is not what these tests look at
                    }
                    write(s, "250 2.0.0 queued");
                } else if (line.startsWith("QUIT")) {
                    write(s, "221 2.0.0 bye");
                    return;
                } else {
                    write(s, "250 2.0.0 ok");
                }
            }
        } catch (IOException | RuntimeException e) {
            failures.add(e);
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private String read(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line != null) {
            lines.add(line);
        }
        return line;
    }

    private void expect(BufferedReader in, String verb) throws IOException {
        String line = read(in);
        if (line == null || !line.toUpperCase().startsWith(verb)) {
            throw new IOException("expected " + verb + ", got " + line);
        }
    }

    private static void write(Socket s, String... replyLines) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((String.join("\r\n", replyLines) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
