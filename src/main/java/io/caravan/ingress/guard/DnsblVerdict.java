package io.caravan.ingress.guard;

import io.caravan.smtp.Reply;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of scoring one client: which lists matched, the summed weight, and whether that reaches the
 * threshold. The reply names the heaviest block list that matched, as postscreen does, so the sender can look
 * up why.
 */
public record DnsblVerdict(InetAddress client, int score, int threshold, List<Hit> hits, boolean allowListed) {

    /** One list that matched, with its weight. */
    public record Hit(String zone, int weight) {
    }

    public DnsblVerdict {
        hits = List.copyOf(hits);
    }

    public static DnsblVerdict allowListed(InetAddress client, int threshold) {
        return new DnsblVerdict(client, 0, threshold, List.of(), true);
    }

    public boolean blocked() {
        return !allowListed && !hits.isEmpty() && score >= threshold;
    }

    /** The heaviest positive list among the hits. */
    public String blockingZone() {
        return hits.stream().filter(h -> h.weight() > 0).max(Comparator.comparingInt(Hit::weight))
                .map(Hit::zone).orElse("");
    }

    public Reply reply() {
        return Reply.of(554, "5.7.1", "Service unavailable; client [" + client.getHostAddress()
                + "] blocked using " + blockingZone());
    }
}
