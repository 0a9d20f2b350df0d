package io.caravan.ingress.component;

import io.caravan.ingress.server.SmtpServer;
import io.caravan.ingress.server.SmtpServerSettings;
import io.caravan.ingress.session.MessageSink;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.MessageBody;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.DefaultConsumer;

import io.caravan.ingress.session.SessionHook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * Runs the SMTP listener and turns each accepted message into one exchange
 * (body: the message bytes with our Received header; headers: the envelope
 * as JSON and the queue id). The exchange is routed asynchronously and the
 * client's 250 waits for it: the message is acknowledged only when the
 * route completed without exception, e.g. after a transacted send to the
 * incoming queue; a failed exchange answers 451 and the client retries.
 */
public class SmtpServerConsumer extends DefaultConsumer implements MessageSink {

    private SmtpServer server;
    private ExecutorService workers;
    private ExecutorService policyThreads;
    private Producer policyProducer;

    public SmtpServerConsumer(SmtpServerEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public SmtpServerEndpoint getEndpoint() {
        return (SmtpServerEndpoint) super.getEndpoint();
    }

    /** The running listener, e.g. to learn the port chosen for port 0. */
    public SmtpServer server() {
        return server;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        int threads = getEndpoint().getWorkers();
        // when every commit thread is busy and 1000 stores wait, a store is refused (the client hears 451)
        // rather than run on the event loop, which Camel's default policy (the caller runs it) would do
        String commitName = "smtp-commit-" + getEndpoint().getName();
        workers = getEndpoint().getCamelContext().getExecutorServiceManager().newThreadPool(this, commitName,
                new ThreadPoolProfileBuilder(commitName).poolSize(threads).maxPoolSize(threads).maxQueueSize(1000)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        SmtpServerComponent component = (SmtpServerComponent) getEndpoint().getComponent();
        SmtpServerSettings settings = getEndpoint().resolveSettings();
        // the operator's policy route gets threads of its own, so a slow one never holds a commit; they are
        // made as the route is first asked, none while no route is on the hook. When all are busy and their
        // queue is full, a command is refused (451) rather than run on the event loop (Camel's default)
        String policyName = "smtp-policy-" + getEndpoint().getName();
        policyThreads = getEndpoint().getCamelContext().getExecutorServiceManager().newThreadPool(this, policyName,
                new ThreadPoolProfileBuilder(policyName).poolSize(threads).maxPoolSize(threads).maxQueueSize(1000)
                        .rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build());
        DirectEndpoint policyEndpoint = getEndpoint().getCamelContext().getEndpoint(
                IngressPolicyHook.ENDPOINT + "?block=false&failIfNoConsumers=false", DirectEndpoint.class);
        policyProducer = policyEndpoint.createProducer();
        ServiceHelper.startService(policyProducer);
        List<SessionHook> hooks = new ArrayList<>(component.getHooks());
        hooks.add(new IngressPolicyHook(policyEndpoint, policyProducer, policyThreads));
        server = SmtpServer.fromConfig(settings, this, component.getGuards(), hooks,
                component.getAuthenticator(), component.getTables(settings.configDir()), component.getObservers()).start();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (policyThreads != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(policyThreads);
            policyThreads = null;
        }
        ServiceHelper.stopService(policyProducer);
        policyProducer = null;
        if (workers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers);
            workers = null;
        }
        super.doStop();
    }

    @Override
    public CompletionStage<Void> store(Envelope envelope, byte[] content) {
        return store(envelope, (Object) content);
    }

    /** The body is the message bytes, or a spooled body, whose file is deleted once the store is over. */
    @Override
    public CompletionStage<Void> store(Envelope envelope, MessageBody content) {
        if (content instanceof MessageBody.Bytes bytes) {
            return store(envelope, (Object) bytes.bytes());
        }
        CompletionStage<Void> stored = store(envelope, (Object) content);
        return stored.whenComplete((ok, failure) -> content.delete());
    }

    private CompletionStage<Void> store(Envelope envelope, Object content) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(content);
        EnvelopeJson.Written written = EnvelopeJson.written(envelope);
        exchange.getIn().setHeader(Headers.ENVELOPE, written.json());
        exchange.setProperty(EnvelopeJson.WRITTEN, written);
        exchange.getIn().setHeader(Headers.QUEUE_ID, envelope.queueId());
        try {
            // the route may block (a connection to the broker, its flow control): never on the event loop
            workers.execute(() -> process(exchange, envelope, done));
        } catch (RuntimeException e) {
            releaseExchange(exchange, false);
            done.completeExceptionally(e); // saturated or stopping: the client hears 451 and retries
        }
        return done;
    }

    private void process(Exchange exchange, Envelope envelope, CompletableFuture<Void> done) {
        try {
            getAsyncProcessor().process(exchange, doneSync -> {
                try {
                    if (exchange.isFailed()) {
                        Exception cause = exchange.getException();
                        done.completeExceptionally(cause != null ? cause
                                : new IllegalStateException("exchange failed for " + envelope.queueId()));
                    } else {
                        done.complete(null);
                    }
                } finally {
                    releaseExchange(exchange, false);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
