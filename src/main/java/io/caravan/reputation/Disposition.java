package io.caravan.reputation;

/** What happens to the message (or recipient) that got the reply: it waits, or it goes back to its sender. */
public enum Disposition {
    DEFER,
    BOUNCE
}
