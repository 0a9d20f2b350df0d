package io.caravan.queue;

import io.caravan.broker.QueuedBodies;
import io.caravan.jmx.Beans;
import io.caravan.message.Headers;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own view of its queues: every {@code caravan.*} queue of the embedded broker listed through the
 * broker's MBeans in this JVM, on a timer rather than at each scrape or console refresh (a listing reads
 * every queued message's properties). The last listing feeds the {@link QueuesMBean} and the queue metrics.
 * With an external broker the broker's MBeans are not here: the listing is empty and says so. It also reads
 * one message's header sections for {@code caravan queue show}, from the embedded broker's own queues.
 */
public final class Queues implements QueuesMBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Queues.class);

    /** One listing: when, and what was queued. */
    public record Snapshot(Instant at, List<QueuedMessage> messages) {
        static final Snapshot NONE = new Snapshot(null, List.of());
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Clock clock;
    private final ObjectName name;
    private final ScheduledExecutorService timer;
    private final java.util.function.Consumer<Snapshot> listener;
    private final QueuedBodies bodies;
    private volatile Snapshot last = Snapshot.NONE;
    private volatile String lastError = "";

    private Queues(Clock clock, ObjectName name, Duration interval, java.util.function.Consumer<Snapshot> listener,
                   QueuedBodies bodies) {
        this.clock = clock;
        this.bodies = bodies;
        this.listener = listener;
        this.name = name;
        if (interval.isZero() || interval.isNegative()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "queue-summary");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Registers io.caravan:type=Queues,node=NODE and starts listing every {@code interval} (0: never).
     *
     * @param listener told of each listing (the queue metrics)
     * @param bodies   the embedded broker's queued bodies, for the header sections
     */
    public static Queues register(String node, Clock clock, Duration interval,
                                  java.util.function.Consumer<Snapshot> listener, QueuedBodies bodies) {
        try {
            ObjectName name = new ObjectName("io.caravan:type=Queues,node=" + ObjectName.quote(node));
            Queues bean = new Queues(clock, name, interval, listener, bodies);
            Beans.show(name, bean, QueuesMBean.class);
            return bean;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the queues MBean", e);
        }
    }

    /** The last listing. */
    public Snapshot snapshot() {
        return last;
    }

    /** Lists every queue now; a failure keeps the previous listing and is shown as the last error. */
    void refresh() {
        try {
            Snapshot now = new Snapshot(clock.instant(), listAll());
            last = now;
            lastError = "";
            listener.accept(now);
        } catch (Exception | LinkageError e) {
            lastError = String.valueOf(e.getMessage());
            LOG.debug("queue listing failed", e);
        }
    }

    private List<QueuedMessage> listAll() throws JMException {
        List<String> mbeans = new ArrayList<>();
        for (ObjectName queue : server.queryNames(new ObjectName(QueueOperations.QUEUE_PATTERN), null)) {
            mbeans.add(queue.toString());
        }
        List<QueuedMessage> messages = new ArrayList<>();
        for (String queue : QueueOperations.queues(mbeans)) {
            ObjectName mbean = new ObjectName(QueueOperations.mbean(queue));
            if (!server.isRegistered(mbean)) {
                continue; // removed since the query
            }
            messages.addAll(QueuedMessage.fromListing(queue, (String) server.invoke(mbean, "listMessagesAsJSON",
                    new Object[] {""}, new String[] {String.class.getName()})));
            messages.addAll(QueuedMessage.fromListing(queue, (String) server.invoke(mbean,
                    "listScheduledMessagesAsJSON", new Object[0], new String[0])));
        }
        return messages;
    }

    @Override
    public String[] getByDestination() {
        Snapshot s = last;
        return lines(QueueSummary.byDestination(s.messages(), s.at() == null ? clock.instant() : s.at()));
    }

    @Override
    public String[] getByStage() {
        Snapshot s = last;
        return lines(QueueSummary.byStage(s.messages(), s.at() == null ? clock.instant() : s.at()));
    }

    @Override
    public long getTotal() {
        return last.messages().size();
    }

    @Override
    public String getListedAt() {
        Instant at = last.at();
        return at == null ? "never" : at.toString();
    }

    @Override
    public String getLastError() {
        return lastError;
    }

    @Override
    public String listSummary() {
        refresh();
        Snapshot s = last;
        return QueueSummary.table(QueueSummary.byDestination(s.messages(), s.at() == null ? clock.instant() : s.at()));
    }

    @Override
    public String[] headerSections(String queueId) {
        QueueOperations.filter(queueId); // refuses what is no queue id
        return bodies.find(QueueOperations.PREFIX, Headers.QUEUE_ID, queueId, HeaderSection.LIMIT).stream()
                .map(HeaderSection::entry).toArray(String[]::new);
    }

    static String[] lines(List<QueueSummary.Row> rows) {
        return rows.stream().map(r -> r.name() + " total=" + r.total() + " ready=" + r.ready() + " deferred="
                + r.deferred() + " held=" + r.held() + " oldest=" + r.oldestSeconds() + "s").toArray(String[]::new);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        Beans.hide(name, this);
    }
}
