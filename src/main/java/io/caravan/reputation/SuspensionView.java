package io.caravan.reputation;

import java.time.Instant;

/** One active suspension, as an operator sees it. */
public record SuspensionView(String source, String provider, String reason, String rule, Instant since,
                             Instant until, boolean blocked) {
}
