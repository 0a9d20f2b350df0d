package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import io.caravan.ingress.session.SessionHook;
import io.caravan.message.Envelope;
import io.caravan.smtp.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The places guards plug in: handlers first in the pipeline, and per-session hooks at MAIL, RCPT and message end. */
class GuardHooksTest {

    @TempDir
    Path dir;

    /** Counts messages per client IP and refuses the second one; refuses MAIL from a listed sender. */
    static final class CountingHook implements SessionHook {
        final Map<String, AtomicInteger> messages = new ConcurrentHashMap<>();

        @Override
        public Reply onMail(InetSocketAddress client, String reversePath) {
            return reversePath.equals("spammer@remote.test") ? Reply.of(550, "5.7.1", "sender refused") : null;
        }

        @Override
        public Reply onMessage(InetSocketAddress client, Envelope envelope, long size) {
            int n = messages.computeIfAbsent(client.getAddress().getHostAddress(), k -> new AtomicInteger())
                    .incrementAndGet();
            return n > 1 ? Reply.of(450, "4.7.0", "rate limited") : null;
        }
    }

    @Test
    void hooksSeeTheClientAndMayRefuse() throws Exception {
        CountingHook hook = new CountingHook();
        try (ServerFixture fx = new ServerFixture(dir, b -> b, List.of(), List.of(hook));
             SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<spammer@remote.test>", "550 5.7.1");
            for (String expected : new String[] {"250 2.0.0 Ok: queued", "450 4.7.0"}) {
                c.cmd("MAIL FROM:<a@remote.test>", 250);
                c.cmd("RCPT TO:<bob@example.com>", 250);
                c.cmd("DATA", 354);
                c.send("x").send(".").expect(expected);
            }
            assertEquals(1, fx.sink.stored.size());
            assertEquals(2, hook.messages.get("127.0.0.1").get());
        }
    }

    @Test
    void guardHandlersRunFirstAndCanEndTheConnectionBeforeTheGreeting() throws Exception {
        AtomicBoolean seen = new AtomicBoolean();
        Supplier<ChannelHandler> guard = () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                seen.set(true);
                ctx.writeAndFlush(Unpooled.copiedBuffer("554 5.7.1 blocked\r\n", StandardCharsets.US_ASCII))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        };
        ServerFixture plain = new ServerFixture(dir);
        plain.close();
        SmtpServer server = new SmtpServer(plain.settings, new TestSink(),
                new io.caravan.ingress.policy.RelayPolicy(
                        new io.caravan.ingress.policy.AcceptedDomains(List.of()),
                        new io.caravan.ingress.policy.TrustedNetworks(List.of())),
                io.caravan.ingress.auth.UserStore.empty(), List.of(guard), List.of(), Clock.systemUTC()).start();
        try (SmtpTestClient c = SmtpTestClient.connect(server.port())) {
            c.expect("554 5.7.1 blocked");
            assertTrue(c.closedByServer());
            assertTrue(seen.get());
        } finally {
            server.stop();
        }
    }

    /** A guard still deciding (as a DNSBL look-up does) holds the session back; a drain meanwhile turns the client away. */
    @Test
    void drainTurnsAwayAConnectionAGuardStillHolds() throws Exception {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Supplier<ChannelHandler> guard = () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                held.countDown(); // never passes the connection on
            }
        };
        ServerFixture plain = new ServerFixture(dir);
        plain.close();
        SmtpServer server = new SmtpServer(plain.settings, new TestSink(),
                new io.caravan.ingress.policy.RelayPolicy(
                        new io.caravan.ingress.policy.AcceptedDomains(List.of()),
                        new io.caravan.ingress.policy.TrustedNetworks(List.of())),
                io.caravan.ingress.auth.UserStore.empty(), List.of(guard), List.of(), Clock.systemUTC()).start();
        try (SmtpTestClient c = SmtpTestClient.connect(server.port())) {
            assertTrue(held.await(10, java.util.concurrent.TimeUnit.SECONDS));
            server.drain();
            c.expect("421 4.3.2");
            assertTrue(c.closedByServer());
        } finally {
            server.stop();
        }
    }
}
