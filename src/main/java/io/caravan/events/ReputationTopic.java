package io.caravan.events;

import io.caravan.reputation.ReputationEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The region's reputation topic on Kafka is compacted: each record's key names the state it sets (a pair's
 * suspension, or its throttle), so Kafka keeps the newest event of each, which is the region's state. A node that
 * starts reads the topic from its beginning and so learns every suspension in force, however long ago it was
 * decided, without reading the history of every pair.
 */
final class ReputationTopic {

    private static final Logger LOG = LoggerFactory.getLogger(ReputationTopic.class);
    private static final long WAIT_SECONDS = 10;

    private ReputationTopic() {
    }

    /**
     * The record key: a resume replaces the suspension it lifts; a throttle lives beside the suspension, as the
     * two are separate parts of a pair's state.
     */
    static String key(ReputationEvent event) {
        String part = event instanceof ReputationEvent.Throttled ? "throttle" : "suspension";
        return event.source() + "|" + event.provider() + "|" + part;
    }

    /**
     * Creates the topic compacted when it does not exist (partitions and replicas as the cluster's defaults), and
     * warns when an existing one is not compacted. A cluster that cannot be reached within ten seconds is only
     * warned about: the node starts, and its consumers wait for Kafka as they would anyway.
     */
    static void ensureCompacted(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "caravan-reputation-topic");
        // every call and the close give up with the wait below: a cluster that cannot be reached must not hold the
        // start for the client's default minute
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        Admin admin = Admin.create(p);
        try {
            NewTopic compacted = new NewTopic(topic, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(compacted)).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
                LOG.info("created the compacted reputation topic {}", topic);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.warn("the reputation topic {} has cleanup.policy={}: a node that starts reads every event "
                        + "still retained, and learns no suspension older than the retention; set "
                        + "cleanup.policy=compact", topic, policy);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("could not check the reputation topic {} on {}: {}", topic, bootstrap, e.toString());
        } finally {
            admin.close(Duration.ZERO); // calls still pending are abandoned, not waited for
        }
    }
}
