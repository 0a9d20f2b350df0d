package io.caravan.broker;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.Enumeration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import io.caravan.jmx.Beans;
import io.caravan.message.MessageBody;
import io.caravan.message.Spool;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.apache.activemq.artemis.jms.client.JMSExceptionHelper;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes messages off a stage queue and runs the route for each, inside one JMS transaction per
 * batch. The route hands messages on with {@code to("stage:...")} ({@link StageProducer}), which sends on
 * the same session ({@link StageOutlet}), so what a batch consumed and everything it handed on commit
 * together, or go back to the queue together.
 *
 * <p>Policy: a transaction ends after {@code batch} messages, when the queue has nothing more at
 * once, or after a message the broker delivered before, so a message that failed once runs alone
 * from then on. A failed exchange rolls the whole transaction back; the broker redelivers each of
 * its messages after the redelivery delay and, past the attempts {@code broker.xml} allows, parks
 * them in the hold queue. Stages whose route acts outside the broker (egress sends SMTP) use a
 * batch of 1, so a rollback never repeats what another message already did.
 *
 * <p>A consumer sends up to {@code runAhead} commits in a row without waiting for the broker's
 * answer, then waits for one (see {@link #commit}). It stops at once when its connection fails.
 *
 * <p>After a lost connection the consumer waits until the broker answers again, then opens a new
 * one; what was not committed is redelivered by the broker.
 *
 * <p>Any other failure of a consumer thread, an Error (OutOfMemoryError) included, closes its connection,
 * so the broker takes back what it had not committed and redelivers it, and starts the consumer again on
 * a new one, counted in JMX ({@link StageConsumerMBean}) and logged. Before, such a thread ended, and
 * after eight of them egress had no consumer left while ingress still answered 250.
 */
final class StageConsumer extends DefaultConsumer implements StageConsumerMBean {

    private static final Logger LOG = LoggerFactory.getLogger(StageConsumer.class);
    private static final long RECONNECT_MILLIS = 1000;

    private volatile boolean running;
    private ExecutorService threads;
    /**
     * The consumers whose thread waits for a message, so stopping can close them. A wait without a
     * timeout costs nothing while idle; polling with one did (each empty wait ends in a round trip to
     * the broker, and at every 200 ms the stage threads took 1.8 % of a core on an idle node).
     */
    private final Set<MessageConsumer> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicLong restarts = new AtomicLong();
    private ObjectName name;
    private java.util.concurrent.ScheduledExecutorService censusThread;
    private LaneCensus census;

    StageConsumer(StageEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public StageEndpoint getEndpoint() {
        return (StageEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        int n = getEndpoint().getConsumers();
        threads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "stage-" + getEndpoint().getQueue(), n);
        for (int i = 0; i < n; i++) {
            threads.execute(this::consume);
        }
        if (getEndpoint().isLanes()) {
            startCensus();
        }
        name = objectName(getEndpoint().getQueue());
        Beans.show(name, this, StageConsumerMBean.class);
    }

    static ObjectName objectName(String queue) {
        try {
            return new ObjectName("io.caravan:type=StageConsumers,queue=" + ObjectName.quote(queue));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("stage queue name: " + queue, e);
        }
    }

    @Override
    public int getConfigured() {
        return getEndpoint().getConsumers();
    }

    @Override
    public int getRunning() {
        return live.get();
    }

    @Override
    public long getRestarts() {
        return restarts.get();
    }

    /** The lanes' counts, taken every census interval for the scheduler: one request, whatever the lanes. */
    private void startCensus() {
        StageComponent component = getEndpoint().getComponent();
        census = new LaneCensus(component.laneConnectionFactory());
        censusThread = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "lane-census");
        boolean[] failing = new boolean[1];
        censusThread.scheduleWithFixedDelay(() -> {
            try {
                component.laneGate().census(census.take());
                failing[0] = false;
            } catch (Exception e) {
                if (!failing[0] && running) {
                    LOG.warn("lane census failed ({}); lanes are still served as their messages are stored",
                            e.toString());
                }
                failing[0] = true;
            }
        }, 0, component.laneCensusMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (censusThread != null) {
            censusThread.shutdownNow();
            censusThread = null;
            census.close();
        }
        if (name != null) {
            Beans.hide(name, this);
        }
        // a thread that checks running after this sees false; one that checked before is in waiting now
        for (MessageConsumer consumer : waiting) {
            try {
                consumer.close(); // its receive returns null
            } catch (JMSException e) {
                // closing a consumer of a lost connection: nothing left to wake
            }
        }
        if (threads != null) {
            threads.shutdown();
            // each thread finishes its transaction; the route's own timeouts bound how long that takes
            if (!threads.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("{}: consumers still busy after 60 s; stopping them", getEndpoint().getQueue());
                threads.shutdownNow();
            }
            threads = null;
        }
        super.doStop();
    }

    private void consume() {
        live.incrementAndGet();
        try {
            while (running) {
                try {
                    consumeOnConnections();
                } catch (Throwable t) {
                    // the connection is closed already (try-with-resources), so the broker has back what this
                    // thread had not committed. Caught here, not in the route: after an Error the session's
                    // state is unknown, and a new connection is the one state known to be sound
                    if (running) {
                        long n = restarts.incrementAndGet();
                        LOG.error("{}: consumer failed ({}); restarting it on a new connection, its uncommitted "
                                + "messages will be redelivered ({} restarts since start)",
                                getEndpoint().getQueue(), t, n, t);
                        pause();
                    }
                }
            }
        } finally {
            live.decrementAndGet();
        }
    }

    /** Consumes until stopped, reconnecting after a lost broker; anything else ends it. */
    private void consumeOnConnections() throws JMSException {
        String queue = getEndpoint().getQueue();
        boolean lost = false;
        while (running) {
            if (lost && !getEndpoint().getComponent().brokerUp()) {
                pause();
                continue;
            }
            StageComponent component = getEndpoint().getComponent();
            try (Connection connection = (getEndpoint().isLanes() ? component.laneConnectionFactory()
                    : component.connectionFactory()).createConnection()) {
                Link link = new Link(connection, getEndpoint().isLanes() ? null : queue);
                connection.start();
                if (lost) {
                    LOG.info("{}: consumer connected to the broker again", queue);
                    lost = false;
                }
                while (running) {
                    transaction(link);
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    if (!lost) {
                        LOG.warn("{}: consumer lost the broker ({}); uncommitted messages will be redelivered",
                                queue, e.getMessage());
                    }
                    lost = true;
                    pause();
                }
            }
        }
    }

    /** One consumer thread's session on its own connection, and what it has committed without an answer. */
    private static final class Link {
        /** Lane consumers a thread keeps open at most; the least recently used is closed beyond. */
        private static final int LANE_CONSUMERS = 64;
        final Session session;
        final MessageConsumer consumer;
        /** For the lanes: one consumer per lane taken from, opened on first use. */
        final java.util.LinkedHashMap<String, MessageConsumer> lanes = new java.util.LinkedHashMap<>(16, 0.75f, true);
        final StageOutlet outlet;
        /** Set by the connection's listener: a commit sent without waiting may not have arrived. */
        volatile boolean failed;
        int unconfirmed;

        Link(Connection connection, String queue) throws JMSException {
            connection.setExceptionListener(e -> failed = true);
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = queue == null ? null : session.createConsumer(session.createQueue(queue));
            outlet = new StageOutlet(session, session.createProducer(null)); // made on the consumer's thread
        }

        void forget(String queue) throws JMSException {
            MessageConsumer c = lanes.remove(queue);
            if (c != null) {
                c.close();
            }
        }

        MessageConsumer lane(String queue) throws JMSException {
            MessageConsumer c = lanes.get(queue);
            if (c == null) {
                if (lanes.size() >= LANE_CONSUMERS) {
                    var eldest = lanes.entrySet().iterator().next();
                    lanes.remove(eldest.getKey());
                    eldest.getValue().close();
                }
                c = session.createConsumer(session.createQueue(queue));
                lanes.put(queue, c);
            }
            return c;
        }
    }

    /**
     * One message off the lane the scheduler allows, through the route, then one commit. Nothing is
     * read before the scheduler allows it, so what waits stays in the broker.
     */
    private void laneTransaction(Link link) throws JMSException {
        LaneGate gate = getEndpoint().getComponent().laneGate();
        LaneGate.Ticket ticket;
        try {
            ticket = gate.next(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JMSException("interrupted");
        }
        if (ticket == null) {
            return;
        }
        Message message = null;
        try {
            message = link.lane(ticket.queue()).receiveNoWait();
            if (message == null) {
                // a consumer with no window that found nothing may still get the next message late, into its
                // buffer, where nobody would read it: closing it gives such a message back to the lane
                link.forget(ticket.queue());
                return;
            }
            if (link.failed) {
                throw new JMSException("connection failed");
            }
            if (!route(message, link.outlet, ticket)) {
                link.session.rollback();
                link.outlet.lanes().clear();
                link.unconfirmed = 0;
                return;
            }
            commit(link);
        } finally {
            if (message == null) {
                gate.empty(ticket);
            } else {
                gate.done(ticket);
            }
        }
    }

    /** One transaction: up to a batch of messages, each through the route, then one commit. */
    private void transaction(Link link) throws JMSException {
        if (link.consumer == null) {
            laneTransaction(link);
            return;
        }
        Message message = next(link.consumer);
        if (message == null) {
            return; // stopping
        }
        int taken = 0;
        while (message != null) {
            if (link.failed) {
                // commits sent without waiting may be lost with the connection: act on nothing more
                throw new JMSException("connection failed");
            }
            taken++;
            if (!route(message, link.outlet, null)) {
                link.session.rollback();
                link.outlet.lanes().clear();
                link.unconfirmed = 0; // a rollback waits for the broker's answer, which follows every earlier commit's
                if (taken > 1) {
                    LOG.warn("{}: {} messages go back to the queue with the one that failed",
                            getEndpoint().getQueue(), taken);
                }
                return;
            }
            if (message.getJMSRedelivered() || taken >= getEndpoint().getBatch() || !running) {
                break;
            }
            message = link.consumer.receiveNoWait();
        }
        commit(link);
    }

    /**
     * Commits without waiting for the broker's answer while fewer than {@code runAhead} commits are
     * unanswered, and waits otherwise. The broker handles a session's packets in order, so the next
     * transaction starts after this one; a commit it cannot apply rolls back there, and its messages
     * are delivered again, with every hand-off in them rolled back too. What a stage did outside the
     * broker (egress sent SMTP) is then done again: the bound keeps that to {@code runAhead}
     * messages per consumer when the broker is lost. Unbounded, egress once went on delivering the
     * messages it had prefetched after the broker stopped, each commit lost: 232 duplicates in a
     * broker-stop fault run, against about 20 when every commit waited (docs/RELIABILITY.md).
     */
    private void commit(Link link) throws JMSException {
        try {
            sendCommit(link);
        } finally {
            for (String lane : link.outlet.lanes()) {
                getEndpoint().getComponent().stored(lane);
            }
            link.outlet.lanes().clear();
        }
    }

    private void sendCommit(Link link) throws JMSException {
        if (link.unconfirmed < getEndpoint().getRunAhead() && link.session instanceof ActiveMQSession artemis) {
            try {
                artemis.getCoreSession().commit(false);
            } catch (ActiveMQException e) {
                throw JMSExceptionHelper.convertFromActiveMQException(e);
            }
            link.unconfirmed++;
        } else {
            link.session.commit(); // its answer comes after every earlier one's
            link.unconfirmed = 0;
        }
    }

    /** Waits for the next message; null when the consumer is stopping. */
    private Message next(MessageConsumer consumer) throws JMSException {
        waiting.add(consumer);
        try {
            Message message = running ? consumer.receive() : null;
            if (message == null && running) {
                // receive without a timeout returns null only for a closed consumer: the connection is gone
                throw new JMSException("consumer closed");
            }
            return message;
        } finally {
            waiting.remove(consumer);
        }
    }

    private boolean route(Message message, StageOutlet outlet, LaneGate.Ticket ticket) {
        Exchange exchange = createExchange(false);
        if (ticket != null) {
            exchange.setProperty(Lanes.TICKET, ticket);
        }
        MessageBody[] spooled = new MessageBody[1];
        try {
            return route(exchange, message, outlet, spooled);
        } finally {
            // every hand-off has read the spool file by now (a streamed send reads it all before it returns)
            if (spooled[0] != null) {
                spooled[0].delete();
            }
        }
    }

    private boolean route(Exchange exchange, Message message, StageOutlet outlet, MessageBody[] spooled) {
        try {
            fill(exchange, message, getEndpoint().getComponent().spool(), spooled);
            exchange.setProperty(StageOutlet.PROPERTY, outlet);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } catch (Error e) {
            exchange.setException(e);
            leftInFlight(exchange);
        }
        Error error = error(exchange.getException());
        if (error != null) {
            releaseExchange(exchange, false);
            throw error; // the consumer restarts: see consume
        }
        boolean ok = exchange.getException() == null;
        if (!ok) {
            getExceptionHandler().handleException("stage " + getEndpoint().getQueue() + ": route failed",
                    exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
        return ok;
    }

    /**
     * An Error that escapes the route's processors skips their after-work, which ends the exchange's unit of work
     * and takes it off the route's in-flight count. Left there, it would hold a graceful stop of the node until
     * the stop's timeout, waiting for an exchange no thread runs any more.
     */
    private void leftInFlight(Exchange exchange) {
        getEndpoint().getCamelContext().getInflightRepository().remove(exchange, getRouteId());
        org.apache.camel.spi.UnitOfWork unitOfWork = exchange.getUnitOfWork();
        if (unitOfWork != null) {
            unitOfWork.done(exchange);
        }
    }

    /** The Error a failed exchange carries (Camel wraps one a processor throws), or null. */
    private static Error error(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Error e) {
                return e;
            }
        }
        return null;
    }

    /**
     * The body is the message bytes, or above {@link MessageBody#IN_MEMORY_LIMIT} a spool file the
     * broker's large message is streamed to ({@code JMS_AMQ_SaveStream}, which reads it chunk by chunk
     * without ever holding the whole body); every property becomes a header.
     */
    private static void fill(Exchange exchange, Message message, Path spool, MessageBody[] spooled)
            throws JMSException, IOException {
        if (!(message instanceof BytesMessage bytes)) {
            throw new JMSException("a stage queue carries bytes, not " + message.getClass().getSimpleName());
        }
        long length = bytes.getBodyLength(); // a large message's size, known without reading its body
        if (length > MessageBody.IN_MEMORY_LIMIT) {
            Path file = Spool.newFile(spool);
            try (Spool.Counting out = new Spool.Counting(new BufferedOutputStream(Files.newOutputStream(file),
                    64 * 1024))) {
                spooled[0] = new MessageBody.Spooled(file, length, false); // deleted even if this fails
                message.setObjectProperty("JMS_AMQ_SaveStream", out);
                out.flush();
                exchange.getIn().setBody(new MessageBody.Spooled(file, out.count(), out.eightBit()));
            }
        } else if (message instanceof ActiveMQMessage artemis && artemis.getCoreMessage().isLargeMessage()) {
            // a large message read with readBytes is first copied into the client's own buffer one byte at a time
            // (the client's stream has no bulk write): that copy took most of the CPU of a node carrying 100 KiB
            // messages. Saved into a stream of ours, each chunk is copied whole
            Body body = new Body((int) length);
            message.setObjectProperty("JMS_AMQ_SaveStream", body);
            exchange.getIn().setBody(body.bytes());
        } else {
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            exchange.getIn().setBody(body);
        }
        for (Enumeration<?> names = message.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            exchange.getIn().setHeader(name, message.getObjectProperty(name));
        }
    }

    /** A large message's body in the heap: sized for it, so its bytes are taken without another copy. */
    private static final class Body extends java.io.ByteArrayOutputStream {
        Body(int length) {
            super(length);
        }

        byte[] bytes() {
            return count == buf.length ? buf : toByteArray();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
