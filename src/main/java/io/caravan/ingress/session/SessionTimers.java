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
 * scheduled check at a time serves all three, re-armed for the nearest
 * deadline, so activity costs nothing and a connection schedules and cancels
 * one task, not one per clock.
 */
final class SessionTimers {

    private static final long MIN_DELAY = TimeUnit.MILLISECONDS.toNanos(10);

    private final SmtpSession session;
    private final SmtpFramer framer;
    private final SmtpServerSettings settings;
    private final Runnable check = this::check;
    private EventLoop loop;
    private long lastEvent = System.nanoTime();
    private long sessionDeadline;
    private boolean sessionExpired;
    private boolean cancelled;
    private ScheduledFuture<?> timer;

    SessionTimers(SmtpSession session, SmtpFramer framer, SmtpServerSettings settings) {
        this.session = session;
        this.framer = framer;
        this.settings = settings;
    }

    void start(EventLoop loop) {
        this.loop = loop;
        this.sessionDeadline = System.nanoTime() + settings.sessionTimeout().toNanos();
        arm(Math.min(settings.commandTimeout().toNanos(), settings.dataTimeout().toNanos()));
    }

    void activity() {
        lastEvent = System.nanoTime();
    }

    void cancel() {
        cancelled = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Schedules the next check in {@code idleNanos}, or at the session's cap when that comes first. */
    private void arm(long idleNanos) {
        if (cancelled) {
            return;
        }
        long nanos = sessionExpired ? idleNanos : Math.min(idleNanos, sessionDeadline - System.nanoTime());
        timer = loop.schedule(check, Math.max(nanos, MIN_DELAY), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        long now = System.nanoTime();
        long limit = (framer.readingData() ? settings.dataTimeout() : settings.commandTimeout()).toNanos();
        long quiet = now - Math.max(lastEvent, framer.lastRead());
        if (!sessionExpired && now - sessionDeadline >= 0) {
            // the cap counts whatever the client is doing; a message being stored is let finish (see timedOut),
            // and the idle clock keeps running for what follows
            sessionExpired = true;
            session.timedOut();
            arm(framer.paused() ? limit : Math.max(limit - quiet, 0));
            return;
        }
        if (quiet >= limit && !framer.paused()) {
            session.timedOut();
        } else {
            arm(framer.paused() ? limit : limit - quiet);
        }
    }
}
