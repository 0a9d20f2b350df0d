package io.caravan.bench;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Idle clients count banners and open connections as a loopback server gives and takes them. */
class IdleConnectionsTest {
    @Test
    void countsBannersAndConnectionsTheServerStillHolds() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // greets the first three clients; the other two wait in silence, as behind a full process limit
            Thread acceptor = new Thread(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        Socket s = server.accept();
                        accepted.add(s);
                        if (i < 3) {
                            s.getOutputStream().write("220 idle.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (Exception e) {
                    // the test fails on the counts below
                }
            });
            acceptor.start();
            try (IdleConnections idle = IdleConnections.open(server.getLocalPort(), 5, 1000)) {
                acceptor.join(5000);
                assertEquals(5, idle.connected());
                assertEquals(3, idle.banners());
                assertEquals(5, idle.stillOpen());

                accepted.get(0).close();
                long deadline = System.currentTimeMillis() + 5000;
                int open;
                do {
                    Thread.sleep(20);
                    open = idle.stillOpen();
                } while (open != 4 && System.currentTimeMillis() < deadline);
                assertEquals(4, open);
            } finally {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
