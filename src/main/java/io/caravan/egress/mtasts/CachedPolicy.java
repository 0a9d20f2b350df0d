package io.caravan.egress.mtasts;

import java.time.Instant;

/**
 * A policy as fetched for a domain: under the id its TXT record had then, good until {@code expires}
 * (the fetch time plus its max_age).
 */
public record CachedPolicy(String id, StsPolicy policy, Instant fetched, Instant expires) {

    public boolean validAt(Instant now) {
        return now.isBefore(expires);
    }
}
