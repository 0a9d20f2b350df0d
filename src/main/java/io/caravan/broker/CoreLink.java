package io.caravan.broker;

import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.BridgeConfiguration;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.cluster.Bridge;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.uri.ConnectorTransportConfigurationParser;

/**
 * An edge's link to its core: an Artemis core bridge that takes what ingress
 * stored on the edge's own {@code caravan.incoming} and sends it to the same
 * queue on the core's broker. The edge's journal holds the mail until the core
 * has it: the bridge acknowledges a message on the edge only after the core
 * confirmed it, and marks each message with a duplicate id so that one resent
 * after a broken link is stored once on the core.
 *
 * @param url      the core broker's URL: {@code tcp://host:port}, or a pair's failover URL
 *                 ({@code (tcp://a:61616,tcp://b:61616)?ha=true}), which the bridge follows
 * @param user     the user the bridge logs in as, or empty for none
 * @param password its password
 */
public record CoreLink(String url, String user, String password) {

    /** The bridge's name, in the broker's log and JMX. */
    static final String BRIDGE = "caravan-core";
    private static final String CONNECTOR = "caravan-core";
    /** The queue that is forwarded: ingress's output, routing's input. */
    static final String QUEUE = StageQueue.INCOMING.queueName();
    /**
     * Bytes the bridge may have sent that the core has not confirmed yet; with a window the bridge waits for
     * the confirmations before it acknowledges on the edge. At least the broker's large-message threshold,
     * so a large message fits in it.
     */
    static final int CONFIRMATION_WINDOW = 1024 * 1024;

    /**
     * The connector and bridge added to the edge broker's configuration before it starts. Each host of the URL
     * becomes a connector of its own (Artemis' parser reads the URL; one connector would keep only its last
     * host), and with more than one the bridge is an HA bridge: it follows the pair's active broker.
     */
    void configure(org.apache.activemq.artemis.core.config.Configuration config) throws Exception {
        List<String> connectors = connectors(config);
        BridgeConfiguration bridge = new BridgeConfiguration(BRIDGE)
                .setQueueName(QUEUE)
                .setForwardingAddress(QUEUE)
                .setStaticConnectors(connectors)
                .setHA(connectors.size() > 1)
                .setUseDuplicateDetection(true)
                .setConfirmationWindowSize(CONFIRMATION_WINDOW)
                // the core may be down for hours: the edge keeps trying, never gives up
                .setInitialConnectAttempts(-1)
                .setReconnectAttempts(-1)
                .setRetryInterval(1000)
                .setRetryIntervalMultiplier(2.0)
                .setMaxRetryInterval(30_000);
        if (!user.isEmpty()) {
            bridge.setUser(user).setPassword(password);
        }
        config.getBridgeConfigurations().add(bridge);
        // the bridge deploys only onto an existing queue, and the broker deploys configured queues first
        config.addQueueConfiguration(org.apache.activemq.artemis.api.core.QueueConfiguration.of(QUEUE)
                .setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST).setDurable(true));
        // on an edge the bridge is this queue's only consumer: what it had on its way when the link broke goes
        // back to the queue's head, and a broken link is not the message's fault, so it is never held for it
        AddressSettings incoming = config.getAddressSettings().get(QUEUE);
        if (incoming == null) {
            incoming = new AddressSettings();
            config.addAddressSetting(QUEUE, incoming);
        }
        incoming.setMaxDeliveryAttempts(-1).setRedeliveryDelay(1000L).setRedeliveryMultiplier(1.0);
    }

    private List<String> connectors(org.apache.activemq.artemis.core.config.Configuration config) throws Exception {
        List<String> names = new ArrayList<>();
        List<String> hosts = hosts(url);
        for (int i = 0; i < hosts.size(); i++) {
            String name = CONNECTOR + (i == 0 ? "" : "-" + i);
            for (TransportConfiguration host : new ConnectorTransportConfigurationParser().newObject(hosts.get(i),
                    name)) {
                BrokerTls.verifyHostByDefault(host);
                config.getConnectorConfigurations().put(name, host);
            }
            names.add(name);
        }
        return names;
    }

    /**
     * One URL per broker: {@code tcp://a} as is, and the clients' list form {@code (tcp://a,tcp://b)?query} as
     * {@code tcp://a?…} and {@code tcp://b?…} (Artemis' connector parser takes one host). The query's transport
     * options, such as {@code sslEnabled} and the trust store, go to every host; its client options, such as
     * {@code ha} and {@code reconnectAttempts}, are the bridge's own settings here.
     */
    static List<String> hosts(String url) {
        if (!url.startsWith("(")) {
            return List.of(url);
        }
        int close = url.indexOf(')');
        StringBuilder transport = new StringBuilder();
        if (url.startsWith("?", close + 1)) {
            for (String option : url.substring(close + 2).split("&")) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                if (TransportConstants.ALLOWABLE_CONNECTOR_KEYS.contains(name)) {
                    transport.append(transport.length() == 0 ? "?" : "&").append(option);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String host : url.substring(1, close).split(",")) {
            out.add(host.strip() + (host.contains("?") ? transport.toString().replaceFirst("^\\?", "&") : transport));
        }
        return out;
    }

    /** The link now, as the health page says it: connected or not, and what waits on the edge. */
    public record State(boolean connected, long waiting) {

        /** The URL without its query, which can name trust stores and their passwords. */
        public String line(String url) {
            int query = url.indexOf('?', Math.max(0, url.indexOf(')')));
            return "core link " + (query < 0 ? url : url.substring(0, query)) + ": "
                    + (connected ? "connected" : "down") + ", " + waiting
                    + (waiting == 1 ? " message" : " messages") + " waiting to be forwarded";
        }
    }

    static boolean connected(ActiveMQServer server) {
        try {
            Bridge bridge = server.getClusterManager().getBridges().get(BRIDGE);
            return bridge != null && bridge.isConnected();
        } catch (RuntimeException e) { // e.g. the server is stopping
            return false;
        }
    }
}
