package io.caravan.egress.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on 127.0.0.1 whose every connection plays a script written by the test, for replies
 * a real server will not give on demand (multi-line refusals, 421 greetings, silence) and to see
 * exactly what the client wrote and in which order.
 */
final class ScriptedServer implements AutoCloseable {

    interface Script {
        void play(Peer peer) throws Exception;
    }

    /** One accepted connection, as the script sees it. */
    static final class Peer {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        final List<String> lines;

        Peer(Socket socket, List<String> lines) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.lines = lines;
            socket.setSoTimeout(10_000);
        }

        String clientAddress() {
            return ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress().getHostAddress();
        }

        /** Sends reply text; each line gets CRLF. */
        void send(String... replyLines) throws IOException {
            StringBuilder b = new StringBuilder();
            for (String l : replyLines) {
                b.append(l).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** One command line without CRLF; null at end of stream. */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                    lines.add(text);
                    return text;
                }
                line.write(b);
            }
            return null;
        }

        /** Reads DATA content up to the lone dot, returning the raw (still dot-stuffed) bytes. */
        byte[] readData() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    byte[] l = line.toByteArray();
                    line.reset();
                    if (l.length == 3 && l[0] == '.' && l[1] == '\r') {
                        return data.toByteArray();
                    }
                    data.write(l);
                }
            }
            throw new IOException("end of stream inside DATA");
        }

        /** The usual EHLO answer with the given extensions. */
        void ehlo(String... extensions) throws IOException {
            String command = readLine();
            if (command == null || !command.startsWith("EHLO ")) {
                throw new IllegalStateException("expected EHLO, got " + command);
            }
            String[] reply = new String[extensions.length + 1];
            reply[0] = (extensions.length == 0 ? "250 " : "250-") + "scripted.test";
            for (int i = 0; i < extensions.length; i++) {
                reply[i + 1] = (i == extensions.length - 1 ? "250 " : "250-") + extensions[i];
            }
            send(reply);
        }

        /** Takes one message in cleartext: MAIL (checked), RCPT, DATA and its content, each with a 2xx/354, then QUIT. */
        void acceptOneMessage() throws IOException {
            String mail = readLine();
            if (mail == null || !mail.startsWith("MAIL FROM:")) {
                throw new IllegalStateException("expected MAIL FROM, got " + mail);
            }
            send("250 ok");
            readLine();
            send("250 ok");
            readLine();
            send("354 go");
            readData();
            send("250 queued");
            readLine();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<String> clientAddresses = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> {
                        try (socket) {
                            Peer peer = new Peer(socket, lines);
                            clientAddresses.add(peer.clientAddress());
                            script.play(peer);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }, "scripted-peer");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "scripted-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    MxTarget target(String hostname) throws IOException {
        return new MxTarget(hostname, InetAddress.getByName("127.0.0.1"), port());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
