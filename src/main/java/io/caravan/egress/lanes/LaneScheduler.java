package io.caravan.egress.lanes;

import io.caravan.broker.LaneGate;
import io.caravan.message.DeliveryRoute;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The egress scheduler: which lane a delivery thread takes its next message from, and when.
 *
 * <p>Policy. A lane is on the timeline while it may hold ready messages, due at the moment it may next
 * be taken from. A thread takes the lane due first: before it reads anything, the admission reserves
 * a permit for the lane's last route (a source that may send to the provider now, one message of its
 * rate, one connection slot). If none can be had, the lane is due again exactly when the admission
 * says one can (the token bucket's next permit, a suspension's end, a freed slot), and the thread
 * tries the next lane. So a lane that must wait is neither read nor sent again while it waits, it is
 * released at its limits' rate in the order the broker holds it (acceptance order), and it never
 * holds a thread that another lane could use. A lane with a permit stays due, so several threads
 * can send to it within its concurrency; a lane held by its admission is looked at again as soon
 * as one of its deliveries ends, since the slot that frees may be what it waited for. A lane whose route is not known yet (its first message) is
 * taken by one thread at a time until the route is known.
 *
 * <p>Waking. A lane made ready (due now) wakes one waiting thread, never all of them: the thread that takes it
 * wakes the next while a lane is still due (the lane it took stays due), so the threads woken are the threads
 * that take, and a wake that a thread could not use is passed on when it leaves. One waiting thread is timed for
 * the first lane due later; the others wait until woken or their deadline.
 *
 * <p>A lane leaves the timeline when a read finds nothing ready, and comes back when a commit stores
 * a message on it ({@link #stored}) or the broker's census counts ready messages on it (a retry whose
 * time came, another node's routing). A read that finds nothing just after a store (the store's
 * commit not applied yet) tries again shortly.
 *
 * @param <P> the permit the admission reserves
 */
public final class LaneScheduler<P extends LaneScheduler.Permit> implements LaneGate, LanesMBean {

    /** A reservation to give back when its message is not sent. */
    public interface Permit {
        void giveBack();

        /** The egress source it reserved a slot of. */
        String source();
    }

    /** What the admission says of a lane's route now. */
    public sealed interface Gate<P> {
    }

    public record Go<P>(P permit) implements Gate<P> {
    }

    public record Hold<P>(Instant until, String why) implements Gate<P> {
    }

    /** Reserves what one delivery of a route needs now, or says until when it cannot go. */
    public interface Admission<P> {
        Gate<P> admit(DeliveryRoute route);
    }

    /**
     * The sources of a route's pool, each with when it may next send to the route, for the per-source view;
     * nothing is reserved.
     */
    public interface Releases {
        List<SourceRelease> of(DeliveryRoute route);
    }

    /** How long after a store a read that finds nothing is tried again, before the lane counts as empty. */
    static final long STORE_GRACE_MILLIS = 500;
    static final long RETRY_MILLIS = 20;

    private final Admission<P> admission;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Where delivery threads wait for a lane; each lane made ready wakes one of them, never all. */
    private final Condition changed = lock.newCondition();
    /** The waiting thread timed for the first lane's due time; the others wait until woken or their deadline. */
    private Thread leader;
    /** Times a waiting thread woke, woken or timed out: what the wake policy keeps low. */
    private long wakeups;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Releases releases;
    private final Map<SourceRows.Key, SourceRows.Done> sources = new HashMap<>();
    private final TreeSet<Lane> timeline = new TreeSet<>(Comparator.<Lane>comparingLong(l -> l.due)
            .thenComparingLong(l -> l.order));
    private long order;

    /** A scheduler whose per-source view counts no lane for any source (it shows only what sources did). */
    public LaneScheduler(Admission<P> admission, Clock clock) {
        this(admission, route -> List.of(), clock);
    }

    public LaneScheduler(Admission<P> admission, Releases releases, Clock clock) {
        this.admission = admission;
        this.releases = releases;
        this.clock = clock;
    }

    @Override
    public LaneTicket<P> next(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (true) {
                long now = clock.millis();
                Lane lane = timeline.isEmpty() ? null : timeline.first();
                if (lane != null && lane.due <= now) {
                    LaneTicket<P> ticket = take(lane, now);
                    if (ticket != null) {
                        return ticket;
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (lane == null || leader != null) {
                    changed.awaitNanos(left); // woken when a lane comes due
                } else {
                    Thread me = Thread.currentThread();
                    leader = me;
                    try {
                        changed.awaitNanos(Math.max(1, Math.min(left, TimeUnit.MILLISECONDS.toNanos(lane.due - now))));
                    } finally {
                        if (leader == me) {
                            leader = null;
                        }
                    }
                }
                wakeups++;
            }
        } finally {
            // what this thread leaves on the timeline (the lane it took stays due, a wake it had but did not use)
            // is passed to one other waiting thread, unless one already waits for the first lane's time
            if (leader == null && !timeline.isEmpty()) {
                changed.signal();
            }
            lock.unlock();
        }
    }

    /** A ticket for the due lane, or null when its admission holds it (it is then due later). */
    private LaneTicket<P> take(Lane lane, long now) {
        unlist(lane);
        if (lane.route == null) {
            lane.probing = true; // back on the timeline once its first message told the route
            lane.inFlight++;
            return new LaneTicket<>(lane, null);
        }
        Gate<P> gate = admission.admit(lane.route);
        if (gate instanceof Hold<P> hold) {
            lane.held++;
            lane.holdWhy = hold.why();
            place(lane, Math.max(now + 1, hold.until().toEpochMilli()));
            lane.admissionHold = true;
            return null;
        }
        lane.inFlight++;
        lane.holdWhy = "";
        place(lane, now); // another thread may send to it too, if the admission gives it a permit
        LaneTicket<P> ticket = new LaneTicket<>(lane, ((Go<P>) gate).permit());
        if (ticket.reservedFor != null) {
            source(ticket.reservedFor, lane.route.provider()).inFlight++;
        }
        return ticket;
    }

    @Override
    public void empty(Ticket t) {
        LaneTicket<P> ticket = cast(t);
        ticket.release();
        lock.lock();
        try {
            Lane lane = ended(ticket);
            lane.probing = false;
            long now = clock.millis();
            if (now - lane.storedAt < STORE_GRACE_MILLIS) {
                list(lane, now + RETRY_MILLIS);
            } else {
                lane.empty = true;
                unlist(lane);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void done(Ticket t) {
        LaneTicket<P> ticket = cast(t);
        ticket.release();
        lock.lock();
        try {
            Lane lane = ended(ticket);
            long now = clock.millis();
            lane.taken++;
            DeliveryRoute sentOn = ticket.route != null ? ticket.route : lane.route;
            if (ticket.source != null && sentOn != null) {
                SourceRows.Done sent = source(ticket.source, sentOn.provider());
                sent.attempts++;
                if (ticket.deferral != null) {
                    sent.lastReply = ticket.deferral;
                    sent.lastReplyAt = now;
                    sent.lastReplyLane = lane.queue;
                }
            }
            if (ticket.route != null) {
                lane.route = ticket.route;
            }
            if (ticket.deferral != null) {
                lane.lastReply = ticket.deferral;
                lane.lastReplyAt = now;
            }
            boolean probed = lane.probing;
            lane.probing = false;
            if (lane.listed && lane.admissionHold && lane.due > now) {
                // a delivery of the lane ended: the slot it held may be what the admission waited for
                list(lane, now);
            }
            if (ticket.holdUntil != null) {
                lane.holdWhy = ticket.holdWhy;
                list(lane, Math.max(lane.listed ? lane.due : now, ticket.holdUntil.toEpochMilli()));
            } else if (probed || (!lane.listed && !lane.empty)) {
                list(lane, now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The ticket's delivery is no longer in flight, on its lane or its source. */
    private Lane ended(LaneTicket<P> ticket) {
        ticket.lane.inFlight--;
        if (ticket.reservedFor != null) {
            source(ticket.reservedFor, ticket.reservedProvider).inFlight--;
        }
        return ticket.lane;
    }

    @Override
    public void stored(String queue) {
        lock.lock();
        try {
            Lane lane = lane(queue);
            lane.storedAt = clock.millis();
            arm(lane);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void census(List<Census> counts) {
        lock.lock();
        try {
            for (Census c : counts) {
                Lane lane = lane(c.queue());
                lane.messages = c.messages();
                lane.scheduled = c.scheduled();
                lane.delivering = c.delivering();
                if (c.oldestMillis() >= 0 || c.messages() == 0) {
                    lane.oldestMillis = c.messages() == 0 ? -1 : c.oldestMillis();
                    lane.oldestMeasuredAt = clock.millis();
                }
                if (c.ready() > lane.inFlight) {
                    arm(lane);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every waiting lane may try again now: an operator lifted a suspension, or the pools changed. */
    @Override
    public void wakeAll() {
        lock.lock();
        try {
            long now = clock.millis();
            for (Lane lane : new ArrayList<>(timeline)) {
                list(lane, now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Times a waiting thread woke, woken or timed out. */
    long wakeups() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting in {@link #next} now. */
    int waiting() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Map<String, Object>> getLanes() {
        return status().stream().map(LaneStatus::toMap).toList();
    }

    @Override
    public List<Map<String, Object>> getSources() {
        return sourceStatus().stream().map(SourceStatus::toMap).toList();
    }

    /**
     * Per egress source × provider: the mail of the lanes it may serve, when it may next send to them, and what
     * it did; from the last census and the admission's state, with no request to the broker.
     */
    public List<SourceStatus> sourceStatus() {
        lock.lock();
        try {
            long now = clock.millis();
            List<SourceRows.Share> shares = new ArrayList<>();
            for (Lane l : lanes.values()) {
                if (l.route == null) {
                    continue;
                }
                long ready = Math.max(0, l.messages - l.scheduled - l.delivering);
                for (SourceRelease r : releases.of(l.route)) {
                    shares.add(new SourceRows.Share(new SourceRows.Key(r.source(), l.route.provider()), l.queue,
                            l.messages, ready, l.scheduled, oldestSeconds(l, now), r));
                }
            }
            return SourceRows.rows(shares, sources, Instant.ofEpochMilli(now));
        } finally {
            lock.unlock();
        }
    }

    private SourceRows.Done source(String name, String provider) {
        return sources.computeIfAbsent(new SourceRows.Key(name, provider), k -> new SourceRows.Done());
    }

    private static long oldestSeconds(Lane l, long now) {
        return l.oldestMillis < 0 ? -1 : (l.oldestMillis + now - l.oldestMeasuredAt) / 1000;
    }

    /** What each lane holds and waits for, for JMX and the queue tool. */
    public List<LaneStatus> status() {
        lock.lock();
        try {
            List<LaneStatus> out = new ArrayList<>();
            long now = clock.millis();
            for (Lane l : lanes.values()) {
                long oldest = oldestSeconds(l, now);
                out.add(new LaneStatus(l.queue, l.route == null ? "" : l.route.pool(),
                        l.route == null ? "" : l.route.provider(), l.messages,
                        Math.max(0, l.messages - l.scheduled - l.delivering), l.scheduled, l.inFlight, oldest,
                        l.empty ? "" : Instant.ofEpochMilli(l.due).toString(), l.holdWhy, l.lastReply,
                        l.lastReplyAt == 0 ? "" : Instant.ofEpochMilli(l.lastReplyAt).toString(), l.taken, l.held));
            }
            out.sort(Comparator.comparing(LaneStatus::queue));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Puts a lane that may hold messages back on the timeline, due now unless it waits for a hold. */
    private void arm(Lane lane) {
        lane.empty = false;
        if (!lane.listed && !lane.probing) {
            list(lane, clock.millis());
        }
    }

    /**
     * Puts the lane on the timeline and wakes one waiting thread if the lane is due now (to take it) or due first
     * (to wait for its time). The thread that takes it wakes the next one while a lane is left due, so each lane
     * made ready wakes one thread, and a thread that finds nothing to take passes its wake on ({@link #next}).
     */
    private void list(Lane lane, long due) {
        if (place(lane, due) && (due <= clock.millis() || timeline.first() == lane)) {
            changed.signal();
        }
    }

    /** Puts the lane on the timeline without waking anyone: the thread in {@link #next} looks at it itself. */
    private boolean place(Lane lane, long due) {
        unlist(lane);
        if (lane.probing) {
            return false;
        }
        lane.empty = false;
        lane.admissionHold = false;
        lane.due = due;
        lane.listed = true;
        timeline.add(lane);
        if (timeline.first() == lane) {
            leader = null; // a thread timed for the lane that was first would wake too late
        }
        return true;
    }

    private void unlist(Lane lane) {
        if (lane.listed) {
            timeline.remove(lane);
            lane.listed = false;
        }
    }

    private Lane lane(String queue) {
        return lanes.computeIfAbsent(queue, q -> new Lane(q, order++));
    }

    @SuppressWarnings("unchecked")
    private LaneTicket<P> cast(Ticket t) {
        return (LaneTicket<P>) t;
    }
}
