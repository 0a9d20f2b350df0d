package io.caravan.egress.lanes;

import io.caravan.message.DeliveryRoute;

/**
 * One lane's state in the scheduler (guarded by its lock): when it may next be taken from, what the
 * broker last counted on it, and the route of its last message, which stands for the next one's.
 */
final class Lane {

    final String queue;
    final long order;
    /** The route of the last message taken, used to reserve a source and a slot before the next read. */
    DeliveryRoute route;
    /** When a thread may next take from it (epoch millis). */
    long due;
    /** Known to hold nothing ready: not on the timeline until a store or the census says otherwise. */
    boolean empty = true;
    /** On the timeline now. */
    boolean listed;
    /** Taken without a known route: no second thread takes it until the first learns the route. */
    boolean probing;
    /** Listed later because its admission said so (not because a message of it was sent back to wait). */
    boolean admissionHold;
    int inFlight;
    long storedAt;
    long messages;
    long scheduled;
    long delivering;
    /** The head message's age at the census that measured it, and when that was (epoch millis); -1: unknown. */
    long oldestMillis = -1;
    long oldestMeasuredAt;
    String holdWhy = "";
    String lastReply = "";
    long lastReplyAt;
    long taken;
    long held;

    Lane(String queue, long order) {
        this.queue = queue;
        this.order = order;
    }
}
