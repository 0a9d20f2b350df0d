package io.caravan.routing.plan;

import java.util.List;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.routing.mx.MxHost;

/**
 * What the routing stage does with one message: the deliveries to enqueue, and the recipients
 * that are bounced, deferred, dropped, or held instead.
 */
public record DeliveryPlan(
        List<Delivery> deliveries,
        List<Outcome> bounces,
        List<Outcome> defers,
        List<Outcome> discards,
        List<Outcome> holds) {

    public DeliveryPlan {
        deliveries = List.copyOf(deliveries);
        bounces = List.copyOf(bounces);
        defers = List.copyOf(defers);
        discards = List.copyOf(discards);
        holds = List.copyOf(holds);
    }

    /**
     * One SMTP transaction's worth of recipients that share a next hop.
     *
     * @param nexthop       the nexthop of the first recipient in Postfix syntax (others share its MX set)
     * @param transport     smtp or relay
     * @param port          the TCP port
     * @param hosts         the hosts to try in order
     * @param domains       the recipient domains in this delivery
     * @param trafficClass  the traffic class
     * @param provider      the mailbox provider
     * @param region        the region of this node
     * @param pool          the pool for the class in the region
     * @param fallbackPools the pools to shift to, in order
     * @param recipients    at most the configured maximum, in envelope order
     */
    public record Delivery(String nexthop, String transport, int port, List<MxHost> hosts, List<String> domains,
            String trafficClass, String provider, String region, String pool, List<String> fallbackPools,
            List<Recipient> recipients) {

        public Delivery {
            hosts = List.copyOf(hosts);
            domains = List.copyOf(domains);
            fallbackPools = List.copyOf(fallbackPools);
            recipients = List.copyOf(recipients);
        }

        /** The message's envelope narrowed to this delivery's recipients. */
        public Envelope envelopeFor(Envelope original) {
            return original.withRecipients(recipients);
        }
    }

    /** A recipient that is not delivered now, with the status and text to report. */
    public record Outcome(Recipient recipient, String status, String text) {
    }
}
