package io.caravan.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives N concurrent SMTP connections at a target, one Angus Mail SMTPTransport per worker reused for many
 * messages. A message counts as accepted only when the target answered 250 to the end of DATA; that set is
 * what the fault scenarios hold the target to. A worker whose connection breaks reconnects (the message in
 * flight counts as failed) until the reconnect window closes.
 *
 * <p>By default the load is closed-loop: each worker sends its next message as soon as the last one is
 * answered, which measures the maximum rate. With {@link #rate} it is open-loop: message n is due at
 * start + n / rate whatever the answers, so latency is measured at a fixed offered load; besides the
 * MAIL-to-250 time it then records the time from when the message was due (which includes waiting for a
 * free connection, so a target that falls behind cannot hide it). Refusals are counted by reply code.
 */
final class LoadGenerator {
    private final LoadSpec spec;
    private final MessageFactory messages;
    private final String label;
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    private final AtomicLong slowestFailedSendNanos = new AtomicLong();
    private double ratePerSecond;
    private long pauseAfterFailureMs;
    private volatile long startNanos;
    /** Accepted transactions slower than {@link #SLOW_MICROS}: {start ms since the run began, latency ms}. */
    private final Queue<long[]> slow = new ConcurrentLinkedQueue<>();
    /** The p99 latency target (LatencyResult.TARGET_P99_MS); what takes longer is kept with its start time. */
    static final long SLOW_MICROS = (long) (LatencyResult.TARGET_P99_MS * 1000);

    LoadGenerator(LoadSpec spec, MessageFactory messages, String label) {
        this.spec = spec;
        this.messages = messages;
        this.label = label;
    }

    /** Messages that got their 250 so far (a fault scenario watches it to time its fault). */
    long acceptedSoFar() {
        return accepted.size();
    }

    /** Open-loop: message n is due at start + n / perSecond (0 = closed loop, as fast as answered). */
    LoadGenerator rate(double perSecond) {
        this.ratePerSecond = perSecond;
        return this;
    }

    /** A worker whose message was refused waits this long before the next one, so an outage does not use up the load. */
    LoadGenerator pauseAfterFailure(long ms) {
        this.pauseAfterFailureMs = ms;
        return this;
    }

    /** When this run's slow transactions started, once it has run. */
    SlowTimeline slowTimeline(LoadResult result) {
        return new SlowTimeline(SLOW_MICROS / 1000, (result.endNanos() - result.startNanos()) / 1_000_000,
                List.copyOf(slow));
    }

    /** The longest a refused or broken transaction waited for its answer (MAIL to the failure), in ms. */
    long slowestFailedSendMs() {
        return slowestFailedSendNanos.get() / 1_000_000;
    }

    /** Failed attempts so far by kind, e.g. "connect 421", "send 452", "connect ConnectException". */
    Map<String, Long> refusalsSoFar() {
        Map<String, Long> out = new TreeMap<>();
        refusals.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    LoadResult run() throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Recorder recorder = new Recorder(3);
        Recorder fromDue = new Recorder(3);
        ProgressBar bar = spec.progress()
                ? new ProgressBarBuilder().setTaskName(label).setInitialMax(spec.messages())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                        .setMaxRenderedLength(100).build()
                : null;
        Session session = Session.getInstance(sessionProperties());
        long start = System.nanoTime();
        startNanos = start;
        Thread[] workers = new Thread[spec.connections()];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> work(session, next, accepted, failed, firstError, recorder, fromDue, bar),
                    label + "-client-" + w);
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        long end = System.nanoTime();
        if (bar != null) {
            bar.close();
        }
        Histogram h = recorder.getIntervalHistogram();
        Histogram d = fromDue.getIntervalHistogram();
        boolean any = h.getTotalCount() > 0;
        boolean anyDue = d.getTotalCount() > 0;
        return new LoadResult(Math.min(next.get(), spec.messages()), accepted, failed.get(), start, end,
                any ? h.getValueAtPercentile(50) : 0, any ? h.getValueAtPercentile(99) : 0,
                any ? h.getMaxValue() : 0, firstError.get(),
                anyDue ? d.getValueAtPercentile(50) : 0, anyDue ? d.getValueAtPercentile(99) : 0, refusalsSoFar());
    }

    private void work(Session session, AtomicLong next, Map<String, Long> accepted, AtomicLong failed,
                      AtomicReference<String> firstError, Recorder recorder, Recorder fromDue, ProgressBar bar) {
        InternetAddress[] to;
        try {
            to = new InternetAddress[] {new InternetAddress(messages.recipient())};
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        SMTPTransport transport = null;
        long brokenSince = 0;
        try {
            while (true) {
                if (transport == null) {
                    try {
                        transport = (SMTPTransport) session.getTransport("smtp");
                        transport.connect();
                        brokenSince = 0;
                    } catch (MessagingException e) {
                        count("connect", transport, e);
                        transport = null;
                        firstError.compareAndSet(null, "connect: " + rootMessage(e));
                        long now = System.nanoTime();
                        if (brokenSince == 0) {
                            brokenSince = now;
                        } else if (Duration.ofNanos(now - brokenSince).toMillis() > spec.reconnectWindowMs()) {
                            return;
                        }
                        sleep(100);
                        continue;
                    }
                }
                long n = next.getAndIncrement();
                if (n >= spec.messages()) {
                    return;
                }
                long due = ratePerSecond > 0 ? startNanos + (long) (n * 1e9 / ratePerSecond) : 0;
                if (due > 0) {
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                String id = messages.id(n);
                MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(messages.build(n)));
                long t0 = System.nanoTime();
                try {
                    transport.sendMessage(message, to);
                    long t1 = System.nanoTime();
                    if (transport.getLastReturnCode() == 250) {
                        accepted.put(id, t1);
                        recorder.recordValue(Math.max(1, (t1 - t0) / 1000));
                        if ((t1 - t0) / 1000 > SLOW_MICROS) {
                            slow.add(new long[] {(t0 - startNanos) / 1_000_000, (t1 - t0) / 1_000_000});
                        }
                        if (due > 0) {
                            fromDue.recordValue(Math.max(1, (t1 - due) / 1000));
                        }
                    } else {
                        failed.incrementAndGet();
                        refusals.computeIfAbsent("send " + transport.getLastReturnCode(), k -> new AtomicLong())
                                .incrementAndGet();
                        sleep(pauseAfterFailureMs);
                    }
                } catch (MessagingException e) {
                    failed.incrementAndGet();
                    slowestFailedSendNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    count("send", transport, e);
                    firstError.compareAndSet(null, "send: " + rootMessage(e));
                    closeQuietly(transport);
                    transport = null;
                    sleep(pauseAfterFailureMs);
                }
                if (bar != null) {
                    bar.step();
                }
            }
        } catch (MessagingException e) {
            firstError.compareAndSet(null, "message: " + rootMessage(e));
        } finally {
            closeQuietly(transport);
        }
    }

    /** Counts a failure under its SMTP reply code when the target answered, else under the exception's class. */
    private void count(String phase, SMTPTransport transport, MessagingException e) {
        int code = e instanceof SMTPSendFailedException f ? f.getReturnCode()
                : transport != null ? transport.getLastReturnCode() : -1;
        String kind = code >= 400 ? Integer.toString(code) : rootClass(e);
        refusals.computeIfAbsent(phase + " " + kind, k -> new AtomicLong()).incrementAndGet();
    }

    private static String rootClass(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private Properties sessionProperties() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(spec.port()));
        p.put("mail.smtp.localhost", "client.bench.test");
        p.put("mail.smtp.from", MessageFactory.SENDER);
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "60000");
        p.put("mail.smtp.writetimeout", "60000");
        p.put("mail.smtp.quitwait", "false");
        p.put("mail.smtp.reportsuccess", "false");
        return p;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getClass().getSimpleName() + ": " + t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    private static void closeQuietly(SMTPTransport t) {
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException ignored) {
                // the connection is being abandoned anyway
            }
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
