package io.caravan.ingress.component;

import io.caravan.ingress.server.SmtpServer;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.support.service.ServiceHelper;

/**
 * PROTOTYPE, for a measurement only ({@code -Dprototype.ingress.bootstrap=camel-netty}): the SMTP listener's
 * listening socket, accept loop and event loop groups are camel-netty's consumer's
 * ({@code netty:tcp://host:port?serverInitializerFactory=#...}), and its initializer installs the pipeline
 * {@link SmtpServer} installs itself otherwise.
 */
final class CamelNettyBootstrap implements SmtpServer.ExternalBootstrap {

    // outside caravan.*, which the configuration checks against its keys
    static final String PROPERTY = "prototype.ingress.bootstrap";

    private final CamelContext camel;
    private final String host;
    private final int port;
    private final String name;
    private Consumer consumer;

    CamelNettyBootstrap(CamelContext camel, String host, int port, String name) {
        this.camel = camel;
        this.host = host;
        this.port = port;
        this.name = name;
    }

    static boolean selected() {
        return "camel-netty".equals(System.getProperty(PROPERTY));
    }

    @Override
    public Channel bind(SmtpServer server) throws Exception {
        String initializer = "smtpInitializer-" + name;
        String group = "smtpListenerGroup-" + name;
        ChannelGroup listening = new DefaultChannelGroup(group, ImmediateEventExecutor.INSTANCE);
        camel.getRegistry().bind(initializer, new Initializer(server));
        camel.getRegistry().bind(group, listening);
        Endpoint endpoint = camel.getEndpoint("netty:tcp://" + host + ":" + port + "?serverInitializerFactory=#"
                + initializer + "&channelGroup=#" + group + "&sync=false&nativeTransport=true&backlog=256");
        // the pipeline never hands anything to this processor: SmtpSession stores through the smtp-server consumer
        consumer = endpoint.createConsumer(exchange -> { });
        ServiceHelper.startService(consumer);
        for (Channel ch : listening) {
            if (ch instanceof ServerChannel) {
                return ch;
            }
        }
        throw new IllegalStateException("camel-netty bound no listening channel for " + name);
    }

    @Override
    public void close() {
        ServiceHelper.stopService(consumer);
    }

    @Override
    public String toString() {
        return "camel-netty";
    }

    /** camel-netty's hook into its server's pipeline: each connection gets Caravan's. */
    private static final class Initializer extends ServerInitializerFactory {
        private final SmtpServer server;

        Initializer(SmtpServer server) {
            this.server = server;
        }

        @Override
        protected void initChannel(Channel ch) {
            server.initConnection(ch);
        }

        @Override
        public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
            return this;
        }
    }
}
