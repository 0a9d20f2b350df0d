package io.caravan.ingress.component;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.session.PolicyQuestion;
import io.caravan.ingress.session.SessionHook;
import io.caravan.smtp.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.direct.DirectEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's hook at MAIL FROM and RCPT TO, {@value #ENDPOINT}: a route there reads the command in
 * headers and may refuse it by setting {@value #REPLY} to an SMTP reply ({@code 550 5.7.1 text} refuses,
 * {@code 451 4.7.1 text} defers). It runs after every check of Caravan's own let the command through, so it
 * can only be stricter. The route runs on this listener's policy threads, never on the event loop; with no
 * route on the endpoint nothing is asked and the command goes on at once. A route that fails, or sets a
 * reply that is not a 4xx or 5xx SMTP reply, refuses only that command with 451 4.3.0 and a WARN line.
 */
public final class IngressPolicyHook implements SessionHook {

    public static final String ENDPOINT = "direct:caravan-ingress-policy";
    static final String VERB = "CaravanSmtpVerb";
    static final String SENDER = "CaravanSender";
    static final String RECIPIENT = "CaravanRecipient";
    static final String CLIENT = "CaravanClientAddress";
    static final String HELO = "CaravanHelo";
    static final String AUTH_USER = "CaravanAuthUser";
    static final String LISTENER = "CaravanListener";
    static final String REPLY = "CaravanReply";

    private static final Logger LOG = LoggerFactory.getLogger(IngressPolicyHook.class);
    private final DirectEndpoint endpoint;
    private final Producer producer;
    private final ExecutorService threads;

    /** @param endpoint {@value #ENDPOINT}, with {@code block=false&failIfNoConsumers=false} */
    IngressPolicyHook(DirectEndpoint endpoint, Producer producer, ExecutorService threads) {
        this.endpoint = endpoint;
        this.producer = producer;
        this.threads = threads;
    }

    @Override
    public CompletionStage<Reply> askPolicy(PolicyQuestion question) {
        if (!hooked()) {
            return null;
        }
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        try {
            threads.execute(() -> answer.complete(ask(question)));
        } catch (RejectedExecutionException e) {
            LOG.warn("{} {} from {}: the policy threads are all busy; answered 451 4.3.0", question.verb(),
                    subject(question), question.client());
            answer.complete(ServerReplies.POLICY_FAILED);
        }
        return answer;
    }

    /** Whether a route consumes the endpoint now: one map look-up, so the hook costs nothing without one. */
    private boolean hooked() {
        try {
            return endpoint.getConsumer() != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Reply ask(PolicyQuestion question) {
        Exchange exchange = endpoint.createExchange();
        Message in = exchange.getIn();
        in.setHeader(VERB, question.verb());
        in.setHeader(SENDER, question.sender());
        if (question.recipient() != null) {
            in.setHeader(RECIPIENT, question.recipient());
        }
        in.setHeader(CLIENT, question.client().getAddress().getHostAddress());
        in.setHeader(HELO, question.helo());
        if (question.authUser() != null) {
            in.setHeader(AUTH_USER, question.authUser());
        }
        in.setHeader(LISTENER, question.listener());
        try {
            producer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            LOG.warn("{} {} from {}: the ingress policy route failed: {}; answered 451 4.3.0", question.verb(),
                    subject(question), question.client(), exchange.getException().toString());
            return ServerReplies.POLICY_FAILED;
        }
        Object value = exchange.getMessage().getHeader(REPLY);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        Reply reply = parse(value.toString());
        if (reply == null) {
            LOG.warn("{} {} from {}: the ingress policy route set {} to \"{}\", not a 4xx or 5xx SMTP reply;"
                    + " answered 451 4.3.0", question.verb(), subject(question), question.client(), REPLY, value);
            return ServerReplies.POLICY_FAILED;
        }
        return reply;
    }

    private static String subject(PolicyQuestion q) {
        return "<" + (q.recipient() != null ? q.recipient() : q.sender()) + ">";
    }

    /** The hook's reply: see {@link Reply#refusal}. */
    static Reply parse(String text) {
        return Reply.refusal(text);
    }
}
