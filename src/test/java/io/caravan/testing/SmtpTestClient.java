package io.caravan.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Scripts an SMTP dialogue over a real socket: writes lines, reads replies, asserts their codes. */
public final class SmtpTestClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        use(socket);
    }

    public static SmtpTestClient connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return new SmtpTestClient(s);
    }

    /** Connects from a chosen loopback source address, as a second client host would. */
    public static SmtpTestClient connect(String sourceIp, InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
        s.setSoTimeout(15_000);
        s.connect(server, 15_000);
        return new SmtpTestClient(s);
    }

    /** The next reply line as sent, or null when the server has closed the connection. */
    public String readLine() throws IOException {
        try {
            return line();
        } catch (java.net.SocketException reset) {
            return null;
        }
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    public SmtpTestClient send(String line) throws IOException {
        return raw(line + "\r\n");
    }

    public SmtpTestClient raw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads one (possibly multi-line) reply and asserts its code; returns its text. */
    public String expect(int code) throws IOException {
        String reply = reply();
        assertEquals(code, Integer.parseInt(reply.substring(0, 3)), "reply was: " + reply);
        return reply;
    }

    /** Reads one reply and asserts it starts with the given code and enhanced code, e.g. "503 5.5.1". */
    public String expect(String prefix) throws IOException {
        String reply = reply();
        if (!reply.startsWith(prefix)) {
            fail("expected " + prefix + " but got: " + reply);
        }
        return reply;
    }

    public String cmd(String line, int code) throws IOException {
        send(line);
        return expect(code);
    }

    public String cmd(String line, String prefix) throws IOException {
        send(line);
        return expect(prefix);
    }

    public String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                fail("connection closed; reply so far: " + all);
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return all.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = buf.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            buf.write(b);
            prev = b;
        }
    }

    /** Whether the server closed the connection (EOF) within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Whether nothing arrives within the given time. */
    public boolean silentFor(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b >= 0) {
                fail("unexpected data from server: " + (char) b);
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** Upgrades to TLS (after a 220 to STARTTLS), trusting any certificate. */
    public SSLSocket startTls() throws Exception {
        SSLSocket tls = (SSLSocket) trustAll().getSocketFactory()
                .createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
        return tls;
    }

    public static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
