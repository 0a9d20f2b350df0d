package io.caravan.ingress.session;

import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.ingress.protocol.SmtpFramer;
import io.caravan.ingress.server.SmtpServerSettings;
import io.caravan.smtp.Reply;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.util.concurrent.TimeUnit;

/**
 * Writes replies and keeps the error score. Every 5xx reply is an error:
 * from {@code tarpitAfterErrors} on, each reply is delayed by
 * {@code tarpitDelay} (scheduled on the event loop with input held, so the
 * loop never sleeps and replies keep their order), which makes probing and
 * dictionary attacks slow and cheap for us; at {@code maxErrors} the session
 * ends with 421 4.7.0.
 */
final class Replier {

    private final Channel channel;
    private final SmtpFramer framer;
    private final SmtpServerSettings settings;
    private int errors;
    private boolean closed;

    Replier(Channel channel, SmtpFramer framer, SmtpServerSettings settings) {
        this.channel = channel;
        this.framer = framer;
        this.settings = settings;
    }

    boolean closed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    void reply(Reply reply) {
        if (reply.code() >= 500) {
            errors++;
            if (errors >= settings.maxErrors()) {
                write(reply, false);
                write(ServerReplies.TOO_MANY_ERRORS, true);
                return;
            }
        }
        send(reply, false);
    }

    void replyAndClose(Reply reply) {
        send(reply, true);
    }

    private void send(Reply reply, boolean close) {
        long delay = settings.tarpitDelay().toMillis();
        if (errors >= settings.tarpitAfterErrors() && delay > 0 && !close) {
            framer.pause();
            channel.eventLoop().schedule(() -> {
                write(reply, false);
                framer.resume();
            }, delay, TimeUnit.MILLISECONDS);
        } else {
            write(reply, close);
        }
    }

    /** Writes at once, bypassing the tarpit (the greeting, the STARTTLS go-ahead). */
    void write(Reply reply, boolean close) {
        if (closed || !channel.isActive()) {
            return;
        }
        // encoded straight into a buffer of the channel's allocator (direct with epoll): a heap copy
        // would be copied again into a direct buffer for the socket, one allocation per reply more
        var future = channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), reply.toWire()));
        if (close) {
            closed = true;
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
