package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.PackagedGateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar refuses a client's renegotiation of a TLS 1.2 session after STARTTLS (each one would
 * cost the node a full handshake), and goes on serving other clients.
 */
class TlsRenegotiationIT {

    @Test
    void aClientInitiatedRenegotiationIsRefused(@TempDir Path dir) throws Exception {
        try (PackagedGateway gateway = new PackagedGateway(dir)) {
            gateway.start();
            try (SSLSocket tls = startTls(gateway.submissionPort())) {
                tls.getSession().invalidate();
                assertThrows(IOException.class, () -> {
                    tls.startHandshake();
                    command(tls, "NOOP"); // the refusal may surface at the next read
                });
            }
            try (SSLSocket again = startTls(gateway.submissionPort())) {
                assertTrue(command(again, "NOOP").startsWith("250"), "the listener still serves");
            }
        }
    }

    /** EHLO, STARTTLS, and a TLS 1.2 handshake that trusts the node's self-signed certificate. */
    private static SSLSocket startTls(int port) throws Exception {
        Socket plain = new Socket("127.0.0.1", port);
        BufferedReader in = reader(plain);
        OutputStream out = plain.getOutputStream();
        readReply(in);
        out.write("EHLO client.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
        readReply(in);
        out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(readReply(in).startsWith("220"));
        SSLContext context = SSLContext.getInstance("TLSv1.2");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        tls.setEnabledProtocols(new String[] {"TLSv1.2"});
        tls.startHandshake();
        return tls;
    }

    private static String command(SSLSocket tls, String line) throws IOException {
        tls.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        tls.getOutputStream().flush();
        String reply = readReply(reader(tls));
        if (reply == null) {
            throw new IOException("connection closed");
        }
        return reply;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** The last line of a (possibly multi-line) reply, or null at the end of the stream. */
    private static String readReply(BufferedReader in) throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }

    private static final class TrustAll implements X509TrustManager {
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
    }
}
