package io.caravan.bench;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink offers PIPELINING and answers a pipelined group in order (RFC 2920), counting what it carried. */
class SinkPipeliningTest {

    @Test
    void aPipelinedTransactionIsAnsweredInOrderAndCounted() throws Exception {
        try (CountingSink sink = new CountingSink(SmtpProbe.freePort()); Socket s = new Socket()) {
            sink.start();
            s.connect(new InetSocketAddress("127.0.0.1", sink.port()), 2_000);
            s.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));

            out.write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = reply(in);
            assertTrue(ehlo.contains("250-PIPELINING"), ehlo.toString());
            assertTrue(ehlo.get(ehlo.size() - 1).startsWith("250 "), ehlo.toString());

            for (String id : List.of("p-1", "p-2")) {
                out.write(("RSET\r\nMAIL FROM:<a@client.test>\r\nRCPT TO:<b@sink.test>\r\nDATA\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("250", code(in));
                assertEquals("250", code(in));
                assertEquals("250", code(in));
                assertEquals("354", code(in));
                out.write(("X-Bench-Id: " + id + "\r\nSubject: t\r\n\r\nbody\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("250", code(in));
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("221", code(in));
            assertEquals(List.of("p-1", "p-2"), sink.order());
        }
    }

    private static List<String> reply(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            lines.add(line);
        } while (line.charAt(3) == '-');
        return lines;
    }

    private static String code(BufferedReader in) throws Exception {
        List<String> lines = reply(in);
        return lines.get(lines.size() - 1).substring(0, 3);
    }
}
