package io.caravan.events;

/** The node an event comes from: its region, and its own name within it. */
public record NodeId(String region, String node) {
}
