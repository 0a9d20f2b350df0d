package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
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
 * <p>All sends share one connection. A JMS session serves one thread at a time, so each send
 * borrows an idle session and gives it back right after the send, while its confirmation is still
 * outstanding. A lost connection fails the sends it had not confirmed (the client hears 451 and
 * keeps the message), and the next send opens a new one.
 */
final class StageProducer extends DefaultAsyncProducer {

    private record Outlet(Connection connection, Session session, MessageProducer producer) {
    }

    private final Deque<Outlet> idle = new ConcurrentLinkedDeque<>();
    private Connection connection; // guarded by this

    StageProducer(StageEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public StageEndpoint getEndpoint() {
        return (StageEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Outlet outlet = null;
        try {
            byte[] body = exchange.getIn().getMandatoryBody(byte[].class);
            outlet = borrow();
            BytesMessage message = outlet.session().createBytesMessage();
            message.writeBytes(body);
            for (var header : StageSender.properties(exchange.getIn()).entrySet()) {
                message.setObjectProperty(header.getKey(), header.getValue());
            }
            outlet.producer().send(outlet.session().createQueue(getEndpoint().getQueue()), message,
                    DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE,
                    new Confirmation(exchange, callback));
            idle.push(outlet);
            return false;
        } catch (Exception e) {
            if (outlet != null) {
                discard(outlet, e);
            }
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private Outlet borrow() throws JMSException {
        Outlet outlet;
        while ((outlet = idle.poll()) != null) {
            if (outlet.connection() == current()) {
                return outlet;
            }
        }
        Connection c = connect();
        try {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return new Outlet(c, session, session.createProducer(null));
        } catch (JMSException | RuntimeException e) {
            lost(c);
            throw e;
        }
    }

    private synchronized Connection current() {
        return connection;
    }

    private synchronized Connection connect() throws JMSException {
        if (connection == null) {
            Connection c = getEndpoint().getComponent().producerConnectionFactory().createConnection();
            c.setExceptionListener(e -> lost(c));
            connection = c;
        }
        return connection;
    }

    /**
     * After a failed send: a header the message cannot carry is this message's fault, so only its
     * session goes; anything else may be the connection's, so it goes too and the next send opens a
     * new one (the sends it had not confirmed fail, and their clients retry).
     */
    private void discard(Outlet outlet, Exception e) {
        if (!(e instanceof MessageFormatException)) {
            lost(outlet.connection());
            return;
        }
        try {
            outlet.session().close();
        } catch (JMSException | RuntimeException ignored) {
            // nothing more to release
        }
    }

    /** Drops a failed connection: sessions borrowed from it are not given out again. */
    private void lost(Connection c) {
        synchronized (this) {
            if (connection != c) {
                return;
            }
            connection = null;
        }
        idle.removeIf(o -> o.connection() == c);
        close(c);
    }

    @Override
    protected void doStop() throws Exception {
        Connection c;
        synchronized (this) {
            c = connection;
            connection = null;
        }
        idle.clear();
        if (c != null) {
            close(c);
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
    private record Confirmation(Exchange exchange, AsyncCallback callback) implements CompletionListener {

        @Override
        public void onCompletion(Message message) {
            callback.done(false);
        }

        @Override
        public void onException(Message message, Exception e) {
            exchange.setException(e);
            callback.done(false);
        }
    }
}
