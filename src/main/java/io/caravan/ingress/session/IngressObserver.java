package io.caravan.ingress.session;

import io.caravan.smtp.Reply;
import java.util.function.IntSupplier;

/**
 * What one SMTP listener tells the node's metrics: each message stored, and each negative reply (the
 * observer decides which of them are refusals worth counting). Called on the Netty event loop: an
 * implementation must only count.
 */
public interface IngressObserver {

    IngressObserver NONE = new IngressObserver() {
    };

    /** A message stored and answered 250. */
    default void accepted() {
    }

    /** A reply of 400 or more, to any command. */
    default void refused(Reply reply) {
    }

    /** The observers of a node's listeners. */
    interface Factory {

        Factory NONE = (listener, connections) -> IngressObserver.NONE;

        /**
         * @param listener    the listener's name ({@code mx}, {@code submission})
         * @param connections its sessions open now
         */
        IngressObserver listener(String listener, IntSupplier connections);
    }
}
