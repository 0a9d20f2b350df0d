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
 * Puts each exchange on a stage queue as a persistent message, in one of two ways.
 *
 * <p>Inside a stage route (the exchange carries its consumer's {@link StageOutlet}) the message is sent
 * on the consumer's transacted session: it is stored when, and only when, the message the route took
 * off its queue is, and a route that fails after the send takes both back. That is how the stages hand
 * on: {@code to("stage:...")}, {@code toD} or a recipient list of {@code stage:} URIs are steps of the
 * transaction, as a Camel user expects of a transacted route.
 *
 * <p>Elsewhere (ingress) it completes the exchange when the broker confirms the message, which Artemis
 * does once the message is in the journal. Ingress answers 250 on that completion, so the calling
 * thread does not wait for the journal sync: it sends and is free.
 *
 * <p>Either way the body is the message bytes, or a spooled {@link MessageBody} streamed as a large
 * message; the {@code Caravan*} and {@code _AMQ_*} headers become its properties
 * ({@link StageMessages#properties}), and a route's other headers stay behind.
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
            StageOutlet outlet = exchange.getProperty(StageOutlet.PROPERTY, StageOutlet.class);
            if (outlet != null) {
                sendInTransaction(outlet, queue, exchange.getIn());
                callback.done(true);
                return true;
            }
            if (exchange.getIn().getBody() instanceof MessageBody.Spooled large) {
                sendLarge(queue, large, StageMessages.properties(exchange.getIn()));
                getEndpoint().getComponent().stored(queue);
                callback.done(true);
                return true;
            }
            byte[] body = exchange.getIn().getMandatoryBody(byte[].class);
            send(queue, body, StageMessages.properties(exchange.getIn()), new Confirmation(exchange, callback, () ->
                    getEndpoint().getComponent().stored(queue)));
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /**
     * A send on the consumer's transacted session, which the consumer commits with the message it took:
     * nothing is stored before that commit, so there is no confirmation to wait for.
     */
    private void sendInTransaction(StageOutlet outlet, String queue, org.apache.camel.Message in)
            throws JMSException, IOException, org.apache.camel.InvalidPayloadException {
        if (Thread.currentThread() != outlet.thread()) {
            throw new IllegalStateException("stage:" + queue + ": a hand-off in a stage route must run on its "
                    + "consumer's thread, in its transaction, not on " + Thread.currentThread().getName());
        }
        Map<String, Object> properties = StageMessages.properties(in);
        Object body = in.getBody();
        if (body instanceof MessageBody.Spooled spooled) {
            // the send reads the whole file before it returns: the stream can close then
            try (InputStream stream = StageMessages.stream(spooled)) {
                sendOn(outlet, queue, StageMessages.message(outlet.session(), stream, spooled.size(), properties));
            }
            return;
        }
        byte[] bytes = body instanceof MessageBody.Bytes b ? b.bytes()
                : body instanceof byte[] array ? array : in.getMandatoryBody(byte[].class);
        sendOn(outlet, queue, StageMessages.message(outlet.session(), bytes, properties));
    }

    private static void sendOn(StageOutlet outlet, String queue, Message message) throws JMSException {
        if (Lanes.isLane(queue) && !message.propertyExists(StageMessages.SCHEDULED)) {
            outlet.lanes().add(queue); // the lane's scheduler hears of it once the transaction commits
        }
        // the connection caches destinations, so naming the queue is no round trip to the broker
        outlet.producer().send(outlet.session().createQueue(queue), message,
                DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
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
                    StageMessages.message(o.session(), body, properties), DeliveryMode.PERSISTENT,
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
            producer.send(StageMessages.message(session, in, body.size(), properties), DeliveryMode.PERSISTENT,
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
