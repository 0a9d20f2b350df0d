package io.caravan.egress.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.broker.LaneGate;
import io.caravan.message.DeliveryRoute;
import io.caravan.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LaneSchedulerTest {

    private static final String GMAIL = "caravan.lane.bulk.gmail";
    private static final String YAHOO = "caravan.lane.bulk.yahoo";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    /** Per provider: until when its admission holds it (absent: it may go). */
    private final Map<String, Instant> holds = new HashMap<>();
    private final List<String> admitted = new ArrayList<>();
    private final List<String> givenBack = new ArrayList<>();
    /** Per source: until when it may not send (absent: it may send now); every route's pool has sources a and b. */
    private final Map<String, Instant> sourceHolds = new HashMap<>();
    private final LaneScheduler<Permit> scheduler = new LaneScheduler<>(this::admit, this::releases, clock);

    private List<SourceRelease> releases(DeliveryRoute route) {
        return List.of("a", "b").stream().map(s -> new SourceRelease(s, sourceHolds.getOrDefault(s, clock.instant()),
                sourceHolds.containsKey(s) ? s + " is suspended for " + route.provider() : "")).toList();
    }

    private record Permit(String provider, List<String> givenBack) implements LaneScheduler.Permit {
        @Override
        public void giveBack() {
            givenBack.add(provider);
        }

        @Override
        public String source() {
            return "source-of-" + provider;
        }
    }

    private LaneScheduler.Gate<Permit> admit(DeliveryRoute route) {
        Instant until = holds.get(route.provider());
        if (until != null && clock.instant().isBefore(until)) {
            return new LaneScheduler.Hold<>(until, route.provider() + " is at its message rate");
        }
        admitted.add(route.provider());
        return new LaneScheduler.Go<>(new Permit(route.provider(), givenBack));
    }

    private static DeliveryRoute route(String provider) {
        return new DeliveryRoute("smtp", "smtp:" + provider + ".example", 25, List.of(), List.of(provider + ".example"),
                "bulk", provider, "eu", "bulk", List.of());
    }

    @SuppressWarnings("unchecked")
    private LaneTicket<Permit> next() throws InterruptedException {
        return (LaneTicket<Permit>) scheduler.next(0);
    }

    /** Takes one message of the lane and tells the scheduler its route, as the egress route does. */
    private void deliver(LaneTicket<Permit> ticket, String provider) {
        ticket.take(route(provider), (p, r) -> p.provider().equals(r.provider()));
        ticket.sentFrom("source-of-" + provider);
        scheduler.done(ticket);
    }

    @Test
    void nothingStoredNothingTaken() throws InterruptedException {
        assertNull(next());
    }

    @Test
    void aNewLaneIsProbedByOneThreadUntilItsRouteIsKnown() throws InterruptedException {
        scheduler.stored(GMAIL);
        LaneTicket<Permit> probe = next();
        assertNotNull(probe);
        assertEquals(GMAIL, probe.queue());
        assertNull(next(), "a second thread waits until the first message told the route");
        deliver(probe, "gmail");
        LaneTicket<Permit> second = next();
        assertNotNull(second);
        assertEquals(List.of("gmail"), admitted, "from the second message on, a permit is reserved before the read");
    }

    @Test
    void aHeldLaneIsNotReadUntilItsAdmissionAllowsAndThenExactlyThen() throws InterruptedException {
        learn(GMAIL, "gmail");
        holds.put("gmail", clock.instant().plusMillis(600));
        assertNull(next(), "held by its rate: nothing is read");
        clock.advance(Duration.ofMillis(599));
        assertNull(next());
        clock.advance(Duration.ofMillis(1));
        assertNotNull(next(), "due the moment the rate allows");
    }

    @Test
    void aHeldLaneDoesNotStandInTheWayOfAnother() throws InterruptedException {
        learn(GMAIL, "gmail");
        learn(YAHOO, "yahoo");
        holds.put("gmail", clock.instant().plus(Duration.ofHours(1)));
        LaneTicket<Permit> t = next();
        assertNotNull(t);
        assertEquals(YAHOO, t.queue());
    }

    @Test
    void aLaneThatMayGoServesSeveralThreadsAtOnce() throws InterruptedException {
        learn(GMAIL, "gmail");
        assertNotNull(next());
        assertNotNull(next());
        assertNotNull(next());
        assertEquals(List.of("gmail", "gmail", "gmail"), admitted);
    }

    @Test
    void anEmptyReadGivesThePermitBackAndTheLaneRestsUntilAStoreOrTheCensus() throws InterruptedException {
        learn(GMAIL, "gmail");
        clock.advance(Duration.ofSeconds(5)); // long after the store
        LaneTicket<Permit> t = next();
        scheduler.empty(t);
        assertEquals(List.of("gmail"), givenBack);
        assertNull(next(), "empty: not looked at again");
        scheduler.census(List.of(new LaneGate.Census(GMAIL, 3, 3, 0)));
        assertNull(next(), "only scheduled retries on it: still nothing ready");
        scheduler.census(List.of(new LaneGate.Census(GMAIL, 3, 2, 0)));
        assertNotNull(next(), "a retry came due");
    }

    @Test
    void anEmptyReadRightAfterAStoreTriesAgainShortly() throws InterruptedException {
        learn(GMAIL, "gmail");
        scheduler.stored(GMAIL);
        LaneTicket<Permit> t = next();
        scheduler.empty(t); // the store's commit was not applied yet when the thread read
        assertNull(next());
        clock.advance(Duration.ofMillis(LaneScheduler.RETRY_MILLIS));
        assertNotNull(next());
    }

    @Test
    void aMessageSentBackToWaitHoldsItsLaneUntilThen() throws InterruptedException {
        learn(GMAIL, "gmail");
        LaneTicket<Permit> t = next();
        t.take(route("gmail"), (p, r) -> true);
        t.holdUntil(clock.instant().plusSeconds(30), "no source may send to gmail now");
        scheduler.done(t);
        assertNull(next());
        clock.advance(Duration.ofSeconds(30));
        assertNotNull(next());
    }

    @Test
    void aPermitReservedForAnotherRouteIsGivenBack() throws InterruptedException {
        learn(GMAIL, "gmail");
        LaneTicket<Permit> t = next();
        assertNull(t.take(route("yahoo"), (p, r) -> p.provider().equals(r.provider())));
        assertEquals(List.of("gmail"), givenBack);
    }

    @Test
    void theLaneShowsWhatItWaitsForAndItsLastReply() throws InterruptedException {
        learn(GMAIL, "gmail");
        LaneTicket<Permit> t = next();
        t.take(route("gmail"), (p, r) -> true);
        t.deferred("421 4.7.28 rate limited");
        scheduler.done(t);
        holds.put("gmail", clock.instant().plusSeconds(2));
        assertNull(next());
        LaneStatus status = scheduler.status().get(0);
        assertEquals("gmail", status.provider());
        assertEquals("421 4.7.28 rate limited", status.lastReply());
        assertEquals("gmail is at its message rate", status.waitsFor());
        assertEquals(clock.instant().plusSeconds(2).toString(), status.nextRelease());
    }

    @Test
    void eachSourceShowsItsDeliveriesInFlightAndItsLastDeferral() throws InterruptedException {
        learn(GMAIL, "gmail");
        LaneTicket<Permit> first = next();
        LaneTicket<Permit> second = next();
        assertEquals(2, scheduler.sourceStatus().stream().filter(s -> s.source().equals("source-of-gmail"))
                .findFirst().orElseThrow().inFlight(), scheduler.getSources().toString());
        first.take(route("gmail"), (p, r) -> true);
        first.sentFrom("source-of-gmail");
        first.deferred("421 4.7.0 try later");
        scheduler.done(first);
        scheduler.empty(second);
        Map<String, Object> source = scheduler.getSources().stream()
                .filter(m -> m.get("source").equals("source-of-gmail")).findFirst().orElseThrow();
        assertEquals("gmail", source.get("provider"));
        assertEquals(0, source.get("inFlight"));
        assertEquals(2L, source.get("attempts"), "the first message learn() sent, and this one");
        assertEquals("421 4.7.0 try later", source.get("lastReply"));
        assertEquals(GMAIL, source.get("lastReplyLane"));
    }

    @Test
    void eachSourceOfALanesPoolShowsItsMailAndWhenItMayNextSendIt() throws InterruptedException {
        learn(YAHOO, "yahoo");
        scheduler.census(List.of(new LaneGate.Census(YAHOO, 1000, 100, 0, 90_000)));
        sourceHolds.put("a", clock.instant().plus(Duration.ofHours(2)));
        clock.advance(Duration.ofSeconds(10));
        Map<String, SourceStatus> rows = new HashMap<>();
        scheduler.sourceStatus().forEach(s -> rows.put(s.source() + " " + s.provider(), s));
        SourceStatus a = rows.get("a yahoo");
        assertEquals(List.of(1000L, 900L, 100L, 100L), List.of(a.messages(), a.ready(), a.scheduled(), a.oldestSeconds()));
        assertEquals(sourceHolds.get("a").toString(), a.nextRelease());
        assertEquals("a is suspended for yahoo", a.waitsFor());
        SourceStatus b = rows.get("b yahoo");
        assertEquals(900L, b.ready());
        assertEquals(clock.instant().toString(), b.nextRelease(), "b may send now");
        assertEquals("", b.waitsFor());
        assertEquals(1L, rows.get("source-of-yahoo yahoo").attempts(), "the source the first message went from");
        scheduler.census(List.of(new LaneGate.Census(YAHOO, 0, 0, 0)));
        assertEquals("", scheduler.sourceStatus().get(0).nextRelease(), "nothing ready: no release");
    }

    @Test
    void theOldestMessagesAgeAgesBetweenCensuses() {
        scheduler.census(List.of(new LaneGate.Census(GMAIL, 5, 0, 0, 30_000)));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(40, scheduler.status().get(0).oldestSeconds());
        scheduler.census(List.of(new LaneGate.Census(GMAIL, 5, 0, 0)));
        assertEquals(40, scheduler.status().get(0).oldestSeconds(), "a census that did not ask keeps the last age");
        scheduler.census(List.of(new LaneGate.Census(GMAIL, 0, 0, 0)));
        assertEquals(-1, scheduler.status().get(0).oldestSeconds(), "empty: no age");
    }

    @Test
    void aDeliveryEndingWakesALaneItsAdmissionHeld() throws InterruptedException {
        learn(GMAIL, "gmail");
        LaneTicket<Permit> inFlight = next();
        holds.put("gmail", clock.instant().plusSeconds(5)); // at its connection limit: the busy delay
        assertNull(next());
        holds.clear();
        inFlight.take(route("gmail"), (p, r) -> true);
        scheduler.done(inFlight);
        assertNotNull(next(), "the slot that freed is what it waited for");
    }

    @Test
    void wakeAllLetsWaitingLanesTryAgain() throws InterruptedException {
        learn(GMAIL, "gmail");
        holds.put("gmail", clock.instant().plus(Duration.ofMinutes(15)));
        assertNull(next());
        holds.clear();
        scheduler.wakeAll();
        assertTrue(next() != null);
    }

    /**
     * Waiting threads and one lane made ready: each thread that takes it wakes one more while the lane is
     * still due, so the woken are the takers and, when the admission holds the lane, one thread that then
     * waits for its time. None wakes to find nothing.
     */
    @Test
    void aLaneMadeReadyWakesOneWaitingThreadPerTake() throws Exception {
        int[][] table = {
            // waiting threads, permits the admission gives, tickets taken, threads woken
            {1, 0, 0, 1},
            {4, 0, 0, 1},
            {1, 5, 1, 1},
            {4, 1, 1, 2},
            {4, 2, 2, 3},
            {8, 3, 3, 4},
            {4, 9, 4, 4},
        };
        for (int[] row : table) {
            int threads = row[0];
            int permits = row[1];
            int[] given = {Integer.MIN_VALUE}; // no limit while the lane is learned
            LaneScheduler<Permit> s = new LaneScheduler<>(route -> given[0]++ < permits
                    ? new LaneScheduler.Go<>(new Permit(route.provider(), givenBack))
                    : new LaneScheduler.Hold<>(clock.instant().plus(Duration.ofHours(1)), "at its limit"), clock);
            learnOn(s, GMAIL);
            given[0] = 0;
            ConcurrentLinkedQueue<LaneGate.Ticket> tickets = new ConcurrentLinkedQueue<>();
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        LaneGate.Ticket ticket = s.next(10_000);
                        if (ticket != null) {
                            tickets.add(ticket);
                        }
                    } catch (InterruptedException e) {
                        // the test ends it
                    }
                });
                t.setDaemon(true);
                t.start();
                waiting.add(t);
            }
            String what = threads + " waiting, " + permits + " permits";
            awaitTrue(() -> s.waiting() == threads, what + ": all wait");
            assertEquals(0, s.wakeups(), what);
            s.census(List.of(new LaneGate.Census(GMAIL, 10, 0, 0))); // ten messages ready
            awaitTrue(() -> tickets.size() == row[2] && s.waiting() == threads - row[2], what + ": taken");
            Thread.sleep(50); // a thread woken to find nothing would count now
            assertEquals(row[2], tickets.size(), what + ": tickets");
            assertEquals(row[3], s.wakeups(), what + ": woken");
            waiting.forEach(Thread::interrupt);
        }
    }

    @Test
    void aLaneMadeReadyWhileNoOneWaitsIsTakenByTheNextCallerWithoutWaiting() throws InterruptedException {
        learn(GMAIL, "gmail");
        scheduler.stored(GMAIL);
        assertNotNull(scheduler.next(10_000));
        assertEquals(0, scheduler.wakeups());
    }

    private void learnOn(LaneScheduler<Permit> s, String lane) throws InterruptedException {
        s.stored(lane);
        LaneTicket<Permit> probe = cast(s.next(0));
        probe.take(route("gmail"), (p, r) -> true);
        s.done(probe);
        s.empty(s.next(0)); // the lane is now known and rests until the census counts messages
        clock.advance(Duration.ofSeconds(5));
        s.empty(s.next(0));
        assertNull(s.next(0));
    }

    @SuppressWarnings("unchecked")
    private static LaneTicket<Permit> cast(LaneGate.Ticket t) {
        return (LaneTicket<Permit>) t;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what);
            Thread.sleep(2);
        }
    }

    /** The lane has had one message, so its route is known and permits are reserved before reads. */
    private void learn(String lane, String provider) throws InterruptedException {
        scheduler.stored(lane);
        LaneTicket<Permit> t = next();
        while (!t.queue().equals(lane)) { // a lane learned before is due too: it sends one and stays due
            deliver(t, t.queue().substring(t.queue().lastIndexOf('.') + 1));
            clock.advance(Duration.ofMillis(1)); // due again now: behind the lane stored a moment before
            t = next();
        }
        deliver(t, provider);
        admitted.clear();
        givenBack.clear();
    }
}
