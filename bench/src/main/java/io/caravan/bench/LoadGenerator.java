package io.caravan.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives N concurrent SMTP connections at a target, one Angus Mail SMTPTransport per worker reused for many
 * messages. A message counts as accepted only when the target answered 250 to the end of DATA; that set is
 * what the fault scenarios hold the target to. A worker whose connection breaks reconnects (the message in
 * flight counts as failed) until the reconnect window closes.
 */
final class LoadGenerator {
    private final LoadSpec spec;
    private final MessageFactory messages;
    private final String label;
    private final Map<String, Long> accepted = new ConcurrentHashMap<>();

    LoadGenerator(LoadSpec spec, MessageFactory messages, String label) {
        this.spec = spec;
        this.messages = messages;
        this.label = label;
    }

    /** Messages that got their 250 so far (a fault scenario watches it to time its fault). */
    long acceptedSoFar() {
        return accepted.size();
    }

    LoadResult run() throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Recorder recorder = new Recorder(3);
        ProgressBar bar = spec.progress()
                ? new ProgressBarBuilder().setTaskName(label).setInitialMax(spec.messages())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                        .setMaxRenderedLength(100).build()
                : null;
        Session session = Session.getInstance(sessionProperties());
        long start = System.nanoTime();
        Thread[] workers = new Thread[spec.connections()];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> work(session, next, accepted, failed, firstError, recorder, bar),
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
        boolean any = h.getTotalCount() > 0;
        return new LoadResult(Math.min(next.get(), spec.messages()), accepted, failed.get(), start, end,
                any ? h.getValueAtPercentile(50) : 0, any ? h.getValueAtPercentile(99) : 0,
                any ? h.getMaxValue() : 0, firstError.get());
    }

    private void work(Session session, AtomicLong next, Map<String, Long> accepted, AtomicLong failed,
                      AtomicReference<String> firstError, Recorder recorder, ProgressBar bar) {
        InternetAddress[] to;
        try {
            to = new InternetAddress[] {new InternetAddress(MessageFactory.RECIPIENT)};
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
                String id = messages.id(n);
                MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(messages.build(n)));
                long t0 = System.nanoTime();
                try {
                    transport.sendMessage(message, to);
                    long t1 = System.nanoTime();
                    if (transport.getLastReturnCode() == 250) {
                        accepted.put(id, t1);
                        recorder.recordValue(Math.max(1, (t1 - t0) / 1000));
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (MessagingException e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, "send: " + rootMessage(e));
                    closeQuietly(transport);
                    transport = null;
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
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
