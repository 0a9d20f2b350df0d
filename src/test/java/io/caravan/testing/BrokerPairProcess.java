package io.caravan.testing;

import java.nio.file.Path;
import java.util.List;
import org.apache.activemq.artemis.core.config.ClusterConnectionConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.ha.ReplicaPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.ReplicatedPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * main() of one broker of a replicated Artemis pair, for tests of a core on an external HA broker: the
 * gateway's broker.xml (its address settings are what the stages expect of any broker) plus what a
 * replicated pair adds, the same on both sides but the policy: a TCP acceptor, a connector to itself and
 * one to its peer, a cluster connection over those static connectors, a cluster login, and the HA policy
 * (replication, primary or backup). The backup copies the primary's journal as it is written and becomes
 * active when the primary goes away.
 *
 * <p>Arguments: broker.xml, data dir, {@code primary} or {@code backup}, own host:port, peer host:port,
 * cluster password. It prints {@code state: active} when it serves clients, and {@code state: in sync}
 * once a backup holds a full copy of the primary's journal.
 */
public final class BrokerPairProcess {

    private BrokerPairProcess() {
    }

    /**
     * One member of a pair in a JVM of its own, its log and data under {@code dir}.
     *
     * @param role "primary" or "backup"
     */
    public static ChildJvm start(Path dir, String brokerXml, String role, int port, int peer, String password) {
        return ChildJvm.start(dir.resolve(role + ".log"), dir, BrokerPairProcess.class.getName(), brokerXml,
                dir.resolve(role + "-data").toString(), role, "127.0.0.1:" + port, "127.0.0.1:" + peer, password);
    }

    public static void main(String[] args) throws Exception {
        Path brokerXml = Path.of(args[0]);
        Path data = Path.of(args[1]);
        boolean primary = args[2].equals("primary");
        String self = args[3];
        String peer = args[4];

        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(brokerXml.toUri().toString());
        deployment.addDeployable(config);
        deployment.readConfiguration();

        config.setName("caravan-" + args[2]);
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(data.toString());
        config.addAcceptorConfiguration("tcp", "tcp://" + self);
        config.addConnectorConfiguration("self", "tcp://" + self);
        config.addConnectorConfiguration("peer", "tcp://" + peer);
        // the pair logs in to each other with this user; Artemis' shipped default password is public
        config.setClusterUser("caravan-cluster");
        config.setClusterPassword(args[5]);
        config.addClusterConfiguration(new ClusterConnectionConfiguration()
                .setName("caravan-pair")
                .setConnectorName("self")
                .setStaticConnectors(List.of("peer"))
                .setRetryInterval(500)
                .setReconnectAttempts(-1));
        if (primary) {
            // started again, a primary first looks for an active broker with its node id (its backup, after a
            // failover); the tests do not restart it
            config.setHAPolicyConfiguration(new ReplicatedPolicyConfiguration().setCheckForActiveServer(true));
        } else {
            config.setHAPolicyConfiguration(new ReplicaPolicyConfiguration().setAllowFailBack(false));
        }

        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(config);
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception ignored) {
                // the JVM is ending
            }
        }));
        String said = "";
        while (true) {
            ActiveMQServer server = broker.getActiveMQServer();
            String state = server.isActive() ? "active" : server.isReplicaSync() ? "in sync" : "waiting";
            if (!state.equals(said)) {
                System.out.println("state: " + state);
                System.out.flush();
                said = state;
            }
            Thread.sleep(100);
        }
    }
}
