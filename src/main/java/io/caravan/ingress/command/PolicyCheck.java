package io.caravan.ingress.command;

import io.caravan.ingress.session.PolicyQuestion;
import io.caravan.ingress.session.Session;
import io.caravan.ingress.session.SessionHook;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The last step of MAIL FROM and RCPT TO: every hook with a policy question ({@link SessionHook#askPolicy})
 * is asked in turn, and the command goes on ({@code accepted}) only when none refused. A hook can only
 * refuse: whatever it answers, the checks before it (relay policy included) have already let the command
 * through. With no hook asking, {@code accepted} runs at once on the event loop.
 */
final class PolicyCheck {

    private PolicyCheck() {
    }

    static void ask(Session session, String verb, String sender, String recipient, Runnable accepted) {
        PolicyQuestion question = new PolicyQuestion(verb, sender, recipient, session.client(), session.helo(),
                session.authUser(), session.settings().name());
        ask(session, question, 0, accepted);
    }

    private static void ask(Session session, PolicyQuestion question, int from, Runnable accepted) {
        List<SessionHook> hooks = session.server().hooks();
        for (int i = from; i < hooks.size(); i++) {
            CompletionStage<io.caravan.smtp.Reply> answer = hooks.get(i).askPolicy(question);
            if (answer != null) {
                int next = i + 1;
                session.awaitPolicy(answer, reply -> {
                    if (reply != null) {
                        session.reply(reply);
                    } else {
                        ask(session, question, next, accepted);
                    }
                });
                return;
            }
        }
        accepted.run();
    }
}
