package io.caravan.app;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import java.util.Locale;

/**
 * Which stages a node runs ({@code caravan.node.role}), as a Postfix master.cf turns services on and off:
 * each role is a set of stage routes over one broker, and the stages still meet only on its queues.
 *
 * <ul>
 *   <li>{@code all}: every stage on the node's broker, a whole gateway;</li>
 *   <li>{@code edge}: ingress only. What it accepts is in its own journal before the 250, and a bridge of
 *       its embedded broker forwards {@code caravan.incoming} to the core's broker, so it takes mail while
 *       the core is away;</li>
 *   <li>{@code core}: routing, bounce and feedback, on the broker edges forward to and egress nodes read;</li>
 *   <li>{@code egress}: delivery from its region's lanes, on the core's broker.</li>
 * </ul>
 */
enum NodeRole {

    ALL(true, true, true, true),
    EDGE(true, false, false, false),
    CORE(false, true, false, true),
    EGRESS(false, false, true, false);

    private final boolean ingress;
    private final boolean routing;
    private final boolean delivery;
    private final boolean bounce;

    NodeRole(boolean ingress, boolean routing, boolean delivery, boolean bounce) {
        this.ingress = ingress;
        this.routing = routing;
        this.delivery = delivery;
        this.bounce = bounce;
    }

    /** The SMTP listeners and the ingress routes. */
    boolean ingress() {
        return ingress;
    }

    /** The routing stage, routing at acceptance's endpoint and the region-wide feedback mailboxes. */
    boolean routing() {
        return routing;
    }

    /** The egress stage: the lanes' scheduler, deliveries, TLS reports. */
    boolean delivery() {
        return delivery;
    }

    /** The bounce stage. */
    boolean bounce() {
        return bounce;
    }

    /** The region's event streams (reputation, deliveries): every role but the edge, which delivers nothing. */
    boolean events() {
        return this != EDGE;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The configured role; an unknown one stops the start with a line naming the key. */
    static NodeRole of(Settings settings) {
        String text = settings.text(Key.NODE_ROLE).trim();
        for (NodeRole role : values()) {
            if (role.label().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new ConfigException(Key.NODE_ROLE.property() + ": one of all, edge, core, egress, not '" + text + "'");
    }

    /**
     * The settings the role needs, and those it cannot use, checked before anything starts: an edge keeps
     * its own journal and names its core; an egress node reads the core's broker; a core's broker accepts
     * edges and egress nodes over TCP with a login; only an edge has a core to forward to.
     */
    void check(Settings settings) {
        boolean external = !settings.text(Key.BROKER_URL).isEmpty();
        boolean core = !settings.text(Key.CORE_URL).isEmpty();
        String role = Key.NODE_ROLE.property() + "=" + label();
        switch (this) {
            case EDGE -> {
                if (external) {
                    throw new ConfigException(role + ": an edge keeps what it accepts in its own journal; "
                            + Key.BROKER_URL.property() + " must be empty and " + Key.CORE_URL.property()
                            + " name the core's broker");
                }
                if (!core) {
                    throw new ConfigException(role + ": " + Key.CORE_URL.property()
                            + " must name the core's broker (tcp://host:port)");
                }
            }
            case EGRESS -> {
                if (!external) {
                    throw new ConfigException(role + ": an egress node delivers from the core's broker; set "
                            + Key.BROKER_URL.property() + " (and " + Key.BROKER_USER.property() + ", "
                            + Key.BROKER_PASSWORD.property() + ")");
                }
            }
            case CORE -> {
                if (!external && (settings.text(Key.BROKER_LISTEN).isEmpty()
                        || settings.text(Key.BROKER_LISTEN_USER).isEmpty())) {
                    throw new ConfigException(role + ": edges and egress nodes reach the core's broker over TCP "
                            + "with a login; set " + Key.BROKER_LISTEN.property() + ", "
                            + Key.BROKER_LISTEN_USER.property() + " and " + Key.BROKER_LISTEN_PASSWORD.property());
                }
            }
            default -> {
            }
        }
        if (core && this != EDGE) {
            throw new ConfigException(Key.CORE_URL.property() + " is for an edge only (" + role + ")");
        }
        checkListen(settings);
    }

    /** A login for the broker's TCP clients needs both halves. */
    static void checkListen(Settings settings) {
        if (!settings.text(Key.BROKER_LISTEN_USER).isEmpty() && settings.text(Key.BROKER_LISTEN_PASSWORD).isEmpty()) {
            throw new ConfigException(Key.BROKER_LISTEN_USER.property() + " is set: "
                    + Key.BROKER_LISTEN_PASSWORD.property() + " must be set too");
        }
    }
}
