package io.caravan.smtp;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport of both SMTP sides: Netty's native epoll on Linux, where it spends less CPU per
 * message than the JDK's selector (fewer system calls, no selected-key sets), NIO everywhere else.
 * {@code -Dio.netty.transport.noNative=true} forces NIO.
 */
public final class SocketTransport {

    private static final boolean EPOLL = Epoll.isAvailable();

    private SocketTransport() {
    }

    public static IoHandlerFactory ioHandlers() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends SocketChannel> channel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Whether the native transport (epoll) is in use. */
    public static boolean isNative() {
        return EPOLL;
    }

    /** "epoll" or "nio", for the start-up log. */
    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }
}
