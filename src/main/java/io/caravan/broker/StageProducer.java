package io.caravan.broker;

import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import io.caravan.message.MessageBody;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Puts each exchange on a stage queue as a persistent message and completes the exchange when the
 * broker confirms it, which Artemis does once the message is in the journal. Ingress answers 250 on
 * that completion, so the calling thread does not wait for the journal sync: it sends and is free.
 * The body is the message bytes; Caravan's headers become its properties, as {@link StageSender}
 * hands them on between stages.
 *
 * <p>All sends share one session, one caller at a time: a send only hands the message to the client,
 * so callers hardly wait for each other. One session also bounds what Artemis keeps for unconfirmed
 * packets to one confirmation window; with a session per caller each kept its own, and the heap grew
 * by the confirmations of tens of thousands of sends. A lost connection fails the sends it had not
 * confirmed (the client hears 451 and keeps the message), and the next send opens a new one.
 */
final class StageProducer extends DefaultAsyncProducer {

    private record Outlet(Connection connection, Session session, MessageProducer producer) {
    }

    private Outlet outlet; // guarded by this

    StageProducer(StageEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public StageEndpoint getEndpoint() {
        return (StageEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            String queue = queue(exchange);
            if (exchange.getIn().getBody() instanceof MessageBody.Spooled large) {
                sendLarge(queue, large, StageSender.properties(exchange.getIn()));
                getEndpoint().getComponent().stored(queue);
                callback.done(true);
                return true;
            }
            byte[] body = exchange.getIn().getMandatoryBody(byte[].class);
            send(queue, body, StageSender.properties(exchange.getIn()), new Confirmation(exchange, callback, () ->
                    getEndpoint().getComponent().stored(queue)));
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** The endpoint's queue, or for {@link Lanes#URI} the lane the exchange names. */
    private String queue(Exchange exchange) {
        if (!getEndpoint().isLanes()) {
            return getEndpoint().getQueue();
        }
        String lane = exchange.getIn().getHeader(Lanes.HEADER, String.class);
        if (!Lanes.isLane(lane)) {
            throw new IllegalArgumentException("a delivery for " + Lanes.URI + " names no lane in "
                    + Lanes.HEADER + ": " + lane);
        }
        return lane;
    }

    private synchronized void send(String queue, byte[] body, Map<String, Object> properties, Confirmation confirmation)
            throws JMSException {
        Outlet o = outlet();
        try {
            o.producer().send(o.session().createQueue(queue),
                    StageSender.message(o.session(), body, properties), DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE, confirmation);
        } catch (MessageFormatException e) {
            throw e; // a header this message cannot carry: the session is fine
        } catch (JMSException | RuntimeException e) {
            // anything else may be the connection's: the next send opens a new one, and the sends this
            // one had not confirmed fail (their clients retry)
            lost(o.connection());
            throw e;
        }
    }

    /**
     * A spooled body goes out as an Artemis large message streamed from its file, on a session of its
     * own and waiting for the broker's answer: streaming on the shared session would hold every other
     * sender behind its lock for the whole upload, and the wait costs nothing here (the caller is an
     * ingress commit thread, and a large message is rare). The broker answers a durable send once the
     * message is on disk, so the 250 still means "on disk".
     */
    private void sendLarge(String queue, MessageBody.Spooled body, Map<String, Object> properties) throws JMSException, IOException {
        Connection c = outlet().connection();
        try (Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue));
             InputStream in = body.open()) {
            producer.send(StageSender.message(session, in, body.size(), properties), DeliveryMode.PERSISTENT,
                    Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
        }
    }

    private synchronized Outlet outlet() throws JMSException {
        if (outlet == null) {
            Connection c = getEndpoint().getComponent().producerConnectionFactory().createConnection();
            try {
                c.setExceptionListener(e -> lost(c));
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                outlet = new Outlet(c, session, session.createProducer(null));
            } catch (JMSException | RuntimeException e) {
                close(c);
                throw e;
            }
        }
        return outlet;
    }

    /** Drops a failed connection, unless a new one has replaced it already. */
    private void lost(Connection c) {
        synchronized (this) {
            if (outlet == null || outlet.connection() != c) {
                return;
            }
            outlet = null;
        }
        close(c);
    }

    @Override
    protected void doStop() throws Exception {
        Outlet o;
        synchronized (this) {
            o = outlet;
            outlet = null;
        }
        if (o != null) {
            close(o.connection());
        }
        super.doStop();
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (JMSException | RuntimeException e) {
            // a lost connection has nothing left to release
        }
    }

    /** Completes the exchange when the broker has stored the message, or fails it when it cannot. */
    private record Confirmation(Exchange exchange, AsyncCallback callback, Runnable stored)
            implements CompletionListener {

        @Override
        public void onCompletion(Message message) {
            stored.run();
            callback.done(false);
        }

        @Override
        public void onException(Message message, Exception e) {
            exchange.setException(e);
            callback.done(false);
        }
    }
}
