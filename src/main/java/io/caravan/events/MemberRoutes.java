package io.caravan.events;

import io.caravan.message.Json;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The region's member stream: every {@code every}, this node publishes its {@link RegionMembers.Beat} to
 * {@code caravan.<region>.members} (a Kafka topic with {@code caravan.kafka.bootstrap} set, else a topic on the
 * broker, which nodes sharing a broker share), and applies the beats it hears. Beats are not kept: a node that
 * starts knows the others after one interval, and until then takes a whole source's limits, as a node alone does.
 * A change of the live members is logged, with the sources each sends from.
 */
public final class MemberRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(MemberRoutes.class);

    private final String region;
    private final String kafkaBootstrap;
    private final RegionMembers members;
    private final Duration every;
    private Map<String, Set<String>> lastLive = Map.of();

    public MemberRoutes(String region, String kafkaBootstrap, RegionMembers members, Duration every) {
        this.region = region;
        this.kafkaBootstrap = kafkaBootstrap;
        this.members = members;
        this.every = every;
    }

    /** The topic name for a region's member beats. */
    public static String topic(String region) {
        return "caravan." + region + ".members";
    }

    @Override
    public void configure() {
        RegionStream stream = new RegionStream(topic(region), kafkaBootstrap);
        String out = stream.writer("deliveryPersistent=false&timeToLive=" + every.multipliedBy(3).toMillis());
        // from the newest beat: old beats say nothing about who is live now
        String in = stream.reader("members-" + members.beat(region).node(), "latest");

        from("timer:caravan-region-beat?delay=0&period=" + every.toMillis()).routeId("members-beat")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "region member beat not sent: ${exception.message}")
                .end()
                .process(exchange -> {
                    exchange.getIn().setBody(Json.write(members.beat(region)));
                    logChange();
                })
                .to(out);

        from(in).routeId("members-apply")
                .process(exchange -> members.heard(
                        Json.read(exchange.getIn().getBody(String.class), RegionMembers.Beat.class)));
    }

    private void logChange() {
        Map<String, Set<String>> live = members.live();
        if (!live.equals(lastLive)) {
            LOG.info("region {} members besides this node: {}", region, live.isEmpty() ? "none" : live);
            lastLive = live;
        }
    }
}
