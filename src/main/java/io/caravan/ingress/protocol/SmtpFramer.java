package io.caravan.ingress.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The server side of SMTP framing, which Netty does not provide: turns the
 * byte stream into {@link InboundEvent}s, one at a time, in the mode the
 * session asked for (command lines, a DATA body, a BDAT chunk).
 *
 * <p>The session can {@link #pause()} the framer while it waits for
 * something (the message store, a password check, a tarpit delay): pipelined
 * input then stays buffered and socket reads stop until {@link #resume()},
 * so replies always come out in command order. After STARTTLS the session
 * calls {@link #discardBuffered()}: plaintext that arrived behind the
 * STARTTLS command must never be read as if it came through TLS
 * (RFC 3207 §4.2, the command injection attack).
 */
public final class SmtpFramer extends ChannelInboundHandlerAdapter {

    public static final String NAME = "smtp-framer";

    private final int maxCommandLine;
    private final CommandLineReader commands;
    private DataReader data;
    private ChunkReader chunk;
    private ChannelHandlerContext ctx;
    private ByteBuf buffer;
    private int holds;
    private boolean processing;
    private long lastRead = System.nanoTime();

    /** @param maxCommandLine the longest command line, CRLF included */
    public SmtpFramer(int maxCommandLine) {
        this.maxCommandLine = maxCommandLine;
        this.commands = new CommandLineReader(maxCommandLine);
    }

    public int maxCommandLine() {
        return maxCommandLine;
    }

    /** The next octets are a DATA body, read until {@code <CRLF>.<CRLF>}. */
    public void expectData(long maxSize, int maxLine) {
        expectData(maxSize, maxLine, null);
    }

    /** As {@link #expectData(long, int)}, spooling a large message to {@code spool}. */
    public void expectData(long maxSize, int maxLine, java.nio.file.Path spool) {
        data = new DataReader(maxSize, maxLine, spool);
        chunk = null;
    }

    /** The next {@code size} octets are a BDAT chunk, handed to {@code sink} as they arrive; null skips them. */
    public void expectChunk(long size, ChunkSink sink) {
        chunk = new ChunkReader(size, sink);
        data = null;
    }

    public boolean readingData() {
        return data != null || chunk != null;
    }

    /** Holds input; holds nest, input flows again when each has been released by {@link #resume()}. */
    public void pause() {
        holds++;
        if (ctx != null) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Releases one hold and continues with buffered input; safe to call from any thread. */
    public void resume() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (holds > 0) {
                holds--;
            }
            if (holds == 0) {
                ctx.channel().config().setAutoRead(true);
                process();
            }
        });
    }

    public boolean paused() {
        return holds > 0;
    }

    /** When bytes last arrived, in {@link System#nanoTime()} terms: activity for the idle timers. */
    public long lastRead() {
        return lastRead;
    }

    public void discardBuffered() {
        if (buffer != null) {
            buffer.skipBytes(buffer.readableBytes());
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.buffer = ctx.alloc().buffer(1024);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (buffer == null) {
                return;
            }
            lastRead = System.nanoTime();
            buffer.writeBytes(in);
        } finally {
            in.release();
        }
        process();
    }

    private void process() {
        if (processing || buffer == null) {
            return;
        }
        processing = true;
        try {
            while (holds == 0 && buffer != null && ctx.channel().isActive()) {
                InboundEvent event = next();
                if (event == null) {
                    break;
                }
                ctx.fireChannelRead(event);
            }
            if (buffer != null) {
                buffer.discardSomeReadBytes();
            }
        } finally {
            processing = false;
        }
    }

    private InboundEvent next() {
        if (chunk != null) {
            InboundEvent event = chunk.read(buffer);
            if (event != null) {
                chunk = null;
            }
            return event;
        }
        if (data != null) {
            InboundEvent event = data.read(buffer);
            if (event != null) {
                data = null;
            }
            return event;
        }
        return commands.read(buffer);
    }

    private void release() {
        if (data != null) {
            data.discard(); // the connection ended in the middle of a message
            data = null;
        }
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
