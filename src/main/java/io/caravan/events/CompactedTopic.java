package io.caravan.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A region's topic on Kafka that holds state rather than history: compacted, so Kafka keeps the newest record of
 * each key, and a node that starts and reads it from its beginning learns the whole state however old its parts
 * are. The reputation topic ({@link ReputationTopic}) and the suppression list's topic are such topics.
 */
public final class CompactedTopic {

    private static final Logger LOG = LoggerFactory.getLogger(CompactedTopic.class);
    /** How long a start waits for Kafka, per call: a cluster that cannot be reached must not hold it longer. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private CompactedTopic() {
    }

    /**
     * Creates {@code topic} compacted when it does not exist (partitions and replicas as the cluster's defaults),
     * and warns when an existing one is not compacted. A cluster that cannot be reached within {@link #WAIT} is
     * only warned about: the node starts, and its consumers wait for Kafka as they would anyway. {@code what}
     * names the topic in the log ({@code reputation}, {@code suppression}).
     */
    public static void ensure(String bootstrap, String topic, String what) {
        long wait = WAIT.toMillis();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "caravan-" + what + "-topic");
        // every call and the close give up with the wait below: a cluster that cannot be reached must not hold the
        // start for the client's default minute
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) wait);
        Admin admin = Admin.create(p);
        try {
            NewTopic compacted = new NewTopic(topic, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(compacted)).all().get(wait, TimeUnit.MILLISECONDS);
                LOG.info("created the compacted {} topic {}", what, topic);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(wait, TimeUnit.MILLISECONDS)
                    .get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warn("the {} topic {} has cleanup.policy={}: a node that starts reads only the records still "
                        + "retained, and learns nothing decided before the retention; set cleanup.policy=compact",
                        what, topic, policy);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("could not check the {} topic {} on {}: {}", what, topic, bootstrap, e.toString());
        } finally {
            admin.close(Duration.ZERO); // calls still pending are abandoned, not waited for
        }
    }
}
