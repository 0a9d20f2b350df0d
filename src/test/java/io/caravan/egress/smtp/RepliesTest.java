package io.caravan.egress.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.smtp.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.smtp.SmtpResponse;
import io.netty.handler.codec.smtp.SmtpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replies as the codec decodes them from the wire, turned into {@link Reply} with every line kept. */
class RepliesTest {

    static Stream<Arguments> replies() {
        return Stream.of(
                Arguments.of("250 2.0.0 Ok: queued as 4Xk\r\n", 250, "2.0.0", List.of("Ok: queued as 4Xk")),
                Arguments.of("421-4.7.28 [192.0.2.10] Our system has detected an unusual rate of\r\n"
                                + "421-4.7.28 unsolicited mail originating from your IP address.\r\n"
                                + "421 4.7.28  - gsmtp\r\n", 421, "4.7.28",
                        List.of("[192.0.2.10] Our system has detected an unusual rate of",
                                "unsolicited mail originating from your IP address.", " - gsmtp")),
                Arguments.of("550 Ip frequency limited\r\n", 550, null, List.of("Ip frequency limited")),
                Arguments.of("250\r\n", 250, null, List.of("")),
                Arguments.of("221-\r\n221\r\n", 221, null, List.of("")), // the codec drops empty text
                Arguments.of("554 2.0.0 class mismatch kept as text\r\n", 554, null,
                        List.of("2.0.0 class mismatch kept as text")),
                Arguments.of("250-mx.test\r\n250-PIPELINING\r\n250 SIZE 1000\r\n", 250, null,
                        List.of("mx.test", "PIPELINING", "SIZE 1000")));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void decodesCodeEnhancedCodeAndLines(String wire, int code, String enhanced, List<String> lines) {
        EmbeddedChannel channel = new EmbeddedChannel(new LineBasedFrameDecoder(4096, false, true), new BareCodeLines(),
                new SmtpResponseDecoder(4096));
        channel.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
        SmtpResponse response = channel.readInbound();
        Reply reply = Replies.from(response);
        assertEquals(code, reply.code());
        assertEquals(enhanced, reply.enhanced());
        assertEquals(lines, reply.lines());
        channel.finishAndReleaseAll();
    }
}
