package io.caravan.broker;

import io.caravan.message.DeliveryRoute;
import java.util.Locale;

/**
 * The delivery lanes: one durable queue per egress pool × provider, {@code caravan.lane.<pool>.<provider>},
 * which routing fills and egress empties only as fast as the provider's limits and our sources'
 * standing allow. Mail that must wait stays where it is in its lane, in acceptance order, and costs
 * nothing while it waits; a throttled provider's lane never stands in the way of another's.
 *
 * <p>A lane is created by the broker on its first message (the {@code caravan.#} address settings
 * allow it) and is never deleted. Names are made of lower-case letters, digits and {@code -}; every
 * other character becomes {@code _}, so a provider named by its domain ({@code example.com}) stays one
 * word of the broker's dotted address names.
 */
public final class Lanes {

    /** Every lane's queue name starts so. */
    public static final String PREFIX = "caravan.lane.";
    /**
     * The lanes as one Camel endpoint: {@code to(URI)} puts each exchange on the lane its {@link #HEADER}
     * names, and {@code from(URI + "?consumers=N")} delivers from every lane as a {@link LaneGate} allows.
     */
    public static final String URI = StageComponent.NAME + ":caravan.lane";
    /** The lane a delivery belongs to; it travels with the message. */
    public static final String HEADER = "CaravanLane";
    /** The exchange property holding the {@link LaneGate.Ticket} a lane's message was taken under. */
    public static final String TICKET = "caravan.laneTicket";

    private Lanes() {
    }

    /**
     * The lane of a delivery: its route's pool and provider (a providers.yaml name, or else the registered
     * domain of the MX hosts, so the domains one operator hosts share a lane). Where routing could name no
     * such provider ({@code default}, or an address: a next hop given as an IP literal) the next hop stands
     * in, so unrelated next hops do not share one.
     */
    public static String of(DeliveryRoute route) {
        String provider = route.provider();
        boolean named = provider != null && !provider.equals("default") && !isAddress(provider);
        return PREFIX + word(route.pool()) + "." + word(named || route.nexthop() == null ? provider : route.nexthop());
    }

    /** An IPv4 or IPv6 literal, as routing names the provider of a next hop given by address. */
    private static boolean isAddress(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    public static boolean isLane(String queue) {
        return queue != null && queue.startsWith(PREFIX) && !queue.endsWith(".hold");
    }

    static String word(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
        }
        return out.toString();
    }
}
