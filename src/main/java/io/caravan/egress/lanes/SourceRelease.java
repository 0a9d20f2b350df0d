package io.caravan.egress.lanes;

import java.time.Instant;

/**
 * When one egress source may next send a lane's message, as its suspension for the provider and its message
 * rate to the destination say, without reserving anything: the operator view's, not the scheduler's.
 *
 * @param source the source, of the lane's pool
 * @param at     when it may send (at or before now when nothing holds it)
 * @param why    what holds it until then, empty when nothing does
 */
public record SourceRelease(String source, Instant at, String why) {
}
