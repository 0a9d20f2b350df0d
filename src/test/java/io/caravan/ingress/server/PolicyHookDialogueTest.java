package io.caravan.ingress.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.ingress.session.PolicyQuestion;
import io.caravan.ingress.session.SessionHook;
import io.caravan.smtp.Reply;
import io.caravan.testing.SmtpTestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy hook answered later, off the event loop, at MAIL FROM and RCPT TO: its refusals reach the client in
 * command order even when pipelined, a failed answer refuses only its command with 451 4.3.0, it is never
 * asked about a recipient the relay policy refused, and a session waiting for it holds up no other session.
 */
class PolicyHookDialogueTest {

    @TempDir
    Path dir;

    /** Answers 20 ms later from another thread; "held" recipients wait until the test answers them. */
    static final class LaterHook implements SessionHook {
        final List<PolicyQuestion> asked = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<CompletableFuture<Reply>> held = new LinkedBlockingQueue<>();
        private final Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

        @Override
        public CompletionStage<Reply> askPolicy(PolicyQuestion q) {
            asked.add(q);
            if ("held@example.com".equals(q.recipient())) {
                CompletableFuture<Reply> answer = new CompletableFuture<>();
                held.add(answer);
                return answer;
            }
            return CompletableFuture.supplyAsync(() -> {
                if (q.sender().equals("blocked@remote.test")) {
                    return Reply.of(550, "5.7.1", "sender refused by policy");
                }
                if ("later@example.com".equals(q.recipient())) {
                    return Reply.of(451, "4.7.1", "try later");
                }
                if ("broken@example.com".equals(q.recipient())) {
                    throw new IllegalStateException("policy service down");
                }
                return null;
            }, later);
        }
    }

    @Test
    void pipelinedCommandsGetTheHooksAnswersInOrder() throws Exception {
        LaterHook hook = new LaterHook();
        try (ServerFixture fx = new ServerFixture(dir, b -> b, List.of(), List.of(hook));
             SmtpTestClient c = fx.greeted()) {
            c.raw("MAIL FROM:<blocked@remote.test>\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<later@example.com>\r\n"
                    + "RCPT TO:<bob@example.com>\r\nRCPT TO:<broken@example.com>\r\nRCPT TO:<x@elsewhere.test>\r\n"
                    + "NOOP\r\n");
            for (String expected : List.of("550 5.7.1 sender refused by policy", "250 2.1.0", "451 4.7.1 try later",
                    "250 2.1.5", "451 4.3.0", "554 5.7.1 Relay access denied", "250 2.0.0")) {
                c.expect(expected);
            }
            c.cmd("DATA", 354);
            c.send("Subject: x").send("").send("x").send(".").expect("250 2.0.0 Ok: queued");
            assertEquals(1, fx.sink.stored.size());
            assertEquals(List.of("bob@example.com"), fx.sink.stored.get(0).envelope().recipients().stream()
                    .map(r -> r.address()).toList(), "only the recipient the hook let through");

            PolicyQuestion mail = hook.asked.get(1);
            assertEquals(List.of("MAIL", "a@remote.test", "client.test", "127.0.0.1", "mx"), List.of(mail.verb(),
                    mail.sender(), mail.helo(), mail.client().getAddress().getHostAddress(), mail.listener()));
            assertEquals(null, mail.recipient());
            assertEquals(null, mail.authUser());
            PolicyQuestion rcpt = hook.asked.get(3);
            assertEquals(List.of("RCPT", "a@remote.test", "bob@example.com"),
                    List.of(rcpt.verb(), rcpt.sender(), rcpt.recipient()));
            assertTrue(hook.asked.stream().noneMatch(q -> "x@elsewhere.test".equals(q.recipient())),
                    "a recipient the relay policy refused is never put to the hook: " + hook.asked);
        }
    }

    @Test
    void aSessionWaitingForTheHookHoldsUpNoOther() throws Exception {
        LaterHook hook = new LaterHook();
        try (ServerFixture fx = new ServerFixture(dir, b -> b, List.of(), List.of(hook));
             SmtpTestClient waiting = fx.greeted()) {
            waiting.cmd("MAIL FROM:<a@remote.test>", 250);
            waiting.send("RCPT TO:<held@example.com>");
            CompletableFuture<Reply> answer = hook.held.poll(10, TimeUnit.SECONDS);
            // more sessions than the listener has event loops (Netty's default: two per core), so some share
            // the waiting session's loop
            int sessions = Runtime.getRuntime().availableProcessors() * 2 + 1;
            for (int i = 0; i < sessions; i++) {
                try (SmtpTestClient other = fx.greeted()) {
                    other.cmd("MAIL FROM:<b@remote.test>", 250);
                    other.cmd("RCPT TO:<bob@example.com>", 250);
                    other.cmd("DATA", 354);
                    other.send("x").send(".").expect("250 2.0.0 Ok: queued");
                }
            }
            assertEquals(sessions, fx.sink.stored.size());
            assertTrue(waiting.silentFor(200), "no answer before the hook's");
            answer.complete(null);
            waiting.expect("250 2.1.5");
            waiting.cmd("NOOP", 250);
        }
    }
}
