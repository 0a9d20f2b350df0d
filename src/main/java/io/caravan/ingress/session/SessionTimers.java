package io.caravan.ingress.session;

import io.caravan.ingress.protocol.SmtpFramer;
import io.caravan.ingress.server.SmtpServerSettings;
import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The three clocks of a session (RFC 5321 §4.5.3.2): idle while waiting for
 * a command, idle inside DATA/BDAT, and a cap on the whole session so a
 * client trickling bytes (slowloris) cannot hold a connection forever. Time
 * spent waiting for our own store does not count against the client. One
 * scheduled check at a time, re-armed for the remaining time, so activity
 * costs nothing.
 */
final class SessionTimers {

    private final SmtpSession session;
    private final SmtpFramer framer;
    private final SmtpServerSettings settings;
    private EventLoop loop;
    private long lastEvent = System.nanoTime();
    private ScheduledFuture<?> idle;
    private ScheduledFuture<?> whole;

    SessionTimers(SmtpSession session, SmtpFramer framer, SmtpServerSettings settings) {
        this.session = session;
        this.framer = framer;
        this.settings = settings;
    }

    void start(EventLoop loop) {
        this.loop = loop;
        whole = loop.schedule(session::timedOut, settings.sessionTimeout().toNanos(), TimeUnit.NANOSECONDS);
        arm(Math.min(settings.commandTimeout().toNanos(), settings.dataTimeout().toNanos()));
    }

    void activity() {
        lastEvent = System.nanoTime();
    }

    void cancel() {
        if (idle != null) {
            idle.cancel(false);
        }
        if (whole != null) {
            whole.cancel(false);
        }
    }

    private void arm(long nanos) {
        idle = loop.schedule(this::check, Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
    }

    private void check() {
        long limit = (framer.readingData() ? settings.dataTimeout() : settings.commandTimeout()).toNanos();
        long quiet = System.nanoTime() - Math.max(lastEvent, framer.lastRead());
        if (quiet >= limit && !framer.paused()) {
            session.timedOut();
        } else {
            arm(framer.paused() ? limit : limit - quiet);
        }
    }
}
