package io.caravan.ingress.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.ingress.session.PolicyQuestion;
import io.caravan.smtp.Reply;
import io.caravan.testing.SmtpTestClient;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code direct:caravan-ingress-policy} in a real CamelContext behind a real listener: the route sees the
 * command in headers, on the listener's policy threads and never on an event loop; its CaravanReply refuses or
 * defers; a failing route or a reply that is not a 4xx/5xx SMTP reply answers 451 4.3.0 for that command only.
 */
class IngressPolicyHookTest {

    @TempDir
    Path dir;
    DefaultCamelContext camel;
    final List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    private int start(boolean hooked) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("accepted-domains"), "example.com\n");
        camel = new DefaultCamelContext();
        String uri = "smtp-server:mx?host=127.0.0.1&port=0&hostname=mx.camel.test&dataDir=" + dir.resolve("data")
                + "&configDir=" + config;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("ingress").log("stored");
                if (!hooked) {
                    return;
                }
                from(IngressPolicyHook.ENDPOINT).routeId("policy")
                        .process(e -> {
                            seen.add(Map.copyOf(e.getIn().getHeaders()));
                            threads.add(Thread.currentThread().getName());
                        })
                        .choice()
                            .when(header("CaravanSender").endsWith("@blocked.test"))
                                .setHeader("CaravanReply", constant("550 5.7.1 senders of blocked.test are refused"))
                            .when(header("CaravanRecipient").isEqualTo("later@example.com"))
                                .setHeader("CaravanReply", constant("451 4.7.1 later"))
                            .when(header("CaravanRecipient").isEqualTo("ok@example.com"))
                                .setHeader("CaravanReply", constant("250 fine"))
                            .when(header("CaravanRecipient").isEqualTo("boom@example.com"))
                                .throwException(new IllegalStateException("lookup service down"))
                        .end();
            }
        });
        camel.start();
        return ((SmtpServerConsumer) camel.getRoute("ingress").getConsumer()).server().port();
    }

    @Test
    void theRouteRefusesDefersAndFailsOneCommandAtATime() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(start(true))) {
            c.expect("220");
            c.cmd("EHLO client.test", 250);
            c.cmd("MAIL FROM:<a@blocked.test>", "550 5.7.1 senders of blocked.test are refused");
            c.cmd("MAIL FROM:<a@remote.test>", "250 2.1.0");
            c.cmd("RCPT TO:<later@example.com>", "451 4.7.1 later");
            c.cmd("RCPT TO:<boom@example.com>", "451 4.3.0");
            c.cmd("RCPT TO:<ok@example.com>", "451 4.3.0"); // a 250 from the hook is no reply it may give
            c.cmd("RCPT TO:<bob@example.com>", "250 2.1.5");
            c.cmd("DATA", 354);
            c.send("Subject: x").send("").send("x").send(".").expect("250 2.0.0 Ok: queued");
        }
        Map<String, Object> mail = seen.get(1);
        assertEquals("MAIL", mail.get("CaravanSmtpVerb"));
        assertEquals("a@remote.test", mail.get("CaravanSender"));
        assertEquals("127.0.0.1", mail.get("CaravanClientAddress"));
        assertEquals("client.test", mail.get("CaravanHelo"));
        assertEquals("mx", mail.get("CaravanListener"));
        assertNull(mail.get("CaravanRecipient"));
        assertNull(mail.get("CaravanAuthUser"));
        Map<String, Object> rcpt = seen.get(5);
        assertEquals(List.of("RCPT", "a@remote.test", "bob@example.com"),
                List.of(rcpt.get("CaravanSmtpVerb"), rcpt.get("CaravanSender"), rcpt.get("CaravanRecipient")));
        assertEquals(6, threads.size());
        assertTrue(threads.stream().allMatch(t -> t.contains("smtp-policy-mx")), "never on an event loop: " + threads);
    }

    @Test
    void withoutARouteNothingIsAsked() throws Exception {
        int port = start(false);
        DirectEndpoint endpoint = camel.getEndpoint(IngressPolicyHook.ENDPOINT + "?block=false&failIfNoConsumers=false",
                DirectEndpoint.class);
        IngressPolicyHook hook = new IngressPolicyHook(endpoint, null, null);
        assertNull(hook.askPolicy(new PolicyQuestion("MAIL", "a@remote.test", null,
                new InetSocketAddress("127.0.0.1", 1), "client.test", null, "mx")), "no thread, no exchange");
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            c.expect("220");
            c.cmd("EHLO client.test", 250);
            c.cmd("MAIL FROM:<a@blocked.test>", "250 2.1.0");
            c.cmd("RCPT TO:<later@example.com>", "250 2.1.5");
        }
    }

    @Test
    void aRefusalIsAFourOrFiveHundredReplyOnOneLine() {
        assertEquals(Reply.of(550, "5.7.1", "no"), IngressPolicyHook.parse("550 5.7.1 no"));
        assertEquals(Reply.of(451, null, "later"), IngressPolicyHook.parse(" 451 later "));
        assertEquals(Reply.of(554, null, "Refused by local policy"), IngressPolicyHook.parse("554"));
        for (String bad : List.of("250 2.0.0 ok", "354 go on", "550 4.7.1 mixed classes", "5500 no", "no",
                "550 5.7.1 two\r\nlines", "")) {
            assertNull(IngressPolicyHook.parse(bad), bad);
        }
    }
}
