package io.caravan.routing;

import io.caravan.config.LiveFile;
import io.caravan.dkim.DkimKeys;
import io.caravan.dkim.DkimSigner;
import io.caravan.feedback.RefKeys;
import io.caravan.feedback.SuppressionList;
import java.nio.file.Path;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.routing.classes.ClassRules;
import io.caravan.routing.mx.MxResolver;
import io.caravan.routing.mx.MxResolverSettings;
import io.caravan.routing.plan.DeliveryPlanner;
import io.caravan.routing.plan.PoolPlan;
import io.caravan.routing.plan.RecipientRouter;
import io.caravan.routing.plan.RouteDecision;
import io.caravan.routing.provider.ProviderRules;
import io.caravan.routing.transport.TransportMapFile;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The routing stage's tables, read once at start from the config directory
 * (the transport map also on every change). Every file is checked here, so a
 * broken one stops the start with its name instead of failing on the first
 * message.
 *
 * @param router  the per-message decision
 * @param atAcceptance the same decision from what the DNS cache already knows, for routing while the
 *                client waits for its 250: a route that needs a DNS question defers instead
 * @param classes the traffic class rules
 * @param region  this node's region: the pools of each class, by name (egress owns the pools, egress.yaml)
 * @param providers the provider table, which the egress tables' provider names are checked against
 * @param suppressions the region's suppressed recipients, which both routers bounce (its store is attached
 *                once the broker is open)
 * @param refKeys the node's keys that seal and open the references stamped on outgoing mail
 * @param dkim    the DKIM signer both routers sign deliveries with (keys from {@code dkim.yaml}, read again on change)
 */
public record RoutingConfig(MessageRouter router, MessageRouter atAcceptance, ClassRules classes, PoolPlan region,
                            ProviderRules providers, DkimSigner dkim, SuppressionList suppressions, RefKeys refKeys) {

    /**
     * @param tlsRequirement the TLS level of a domain as a name: routing keeps recipients of different levels
     *                       apart; egress owns the table ({@code tls_policy}) and applies the levels
     * @param region         the node's region, from egress's {@code egress.yaml}
     */
    public static RoutingConfig load(Settings s, Clock clock, Function<String, String> tlsRequirement,
                                     PoolPlan region) {
        TransportMapFile transports = new TransportMapFile(s.configFile(s.text(Key.ROUTING_TRANSPORT_FILE)),
                s.duration(Key.CONFIG_CHECK_INTERVAL), clock);
        transports.current();
        ProviderRules providers = ProviderRules.load(s.configFile(s.text(Key.ROUTING_PROVIDERS_FILE)));
        ClassRules classes = ClassRules.load(s.configFile(s.text(Key.ROUTING_CLASSES_FILE)));
        MxResolver mx = new MxResolver(mxSettings(s), clock, new SecureRandom());
        DeliveryPlanner planner = new DeliveryPlanner(
                new DeliveryPlanner.Settings(s.integer(Key.ROUTING_MAX_RECIPIENTS_PER_DELIVERY)));
        Path dkimFile = s.configFile(s.text(Key.DKIM_FILE));
        LiveFile<DkimKeys> dkimKeys = new LiveFile<>(dkimFile, f -> DkimKeys.load(f, s.configFile(".")),
                s.duration(Key.CONFIG_CHECK_INTERVAL), clock);
        DkimSigner dkim = new DkimSigner(dkimKeys, clock);
        SuppressionList suppressions = new SuppressionList(clock);
        // every node has its keys from its first start: reports about mail it sealed are read even with stamping off
        RefKeys refKeys = RefKeys.loadOrCreate(s.dataDir().resolve(s.text(Key.FEEDBACK_REF_KEY_FILE)));
        RefKeys stamp = s.flag(Key.FEEDBACK_REF_HEADER) ? refKeys : null;
        MessageRouter router = new MessageRouter(new RecipientRouter(transports::current, mx, providers,
                tlsRequirement), classes, region, planner, dkim, suppressions, stamp);
        MessageRouter atAcceptance = new MessageRouter(new RecipientRouter(transports::current, mx.cachedOnly(),
                providers, tlsRequirement), classes, region, planner, dkim, suppressions, stamp);
        return new RoutingConfig(router, atAcceptance, classes, region, providers, dkim, suppressions, refKeys);
    }

    /**
     * The provider mail to {@code recipientDomain} is counted under when it leaves now: the transport table and
     * the domain's MX hosts decide, as for a message (a domain a provider hosts is known by its MX host names);
     * when the domain cannot be routed at the moment, by its name alone. For a report about mail whose reference
     * does not name one provider.
     */
    public String providerOf(String recipientDomain) {
        RouteDecision d = router.recipients().route(recipientDomain);
        return d instanceof RouteDecision.Deliver deliver ? deliver.provider()
                : providers.recognizeByDomain(recipientDomain, List.of());
    }

    /** The DNS knobs every resolver of the node shares. */
    public static MxResolverSettings mxSettings(Settings s) {
        return new MxResolverSettings(MxResolverSettings.parseServers(s.text(Key.DNS_SERVERS)),
                s.duration(Key.DNS_TIMEOUT), s.integer(Key.DNS_RETRIES), s.duration(Key.DNS_MAX_TTL),
                s.duration(Key.DNS_NEGATIVE_TTL), s.integer(Key.ROUTING_MAX_MX_HOSTS), s.flag(Key.ROUTING_IPV6),
                s.integer(Key.DNS_CACHE_SIZE));
    }
}
