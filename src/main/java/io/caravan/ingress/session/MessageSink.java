package io.caravan.ingress.session;

import io.caravan.message.Envelope;

import java.util.concurrent.CompletionStage;

/**
 * Where ingress hands an accepted message. The client hears
 * {@code 250 queued as} only when the returned stage completes normally, so
 * an implementation must complete it only once the message is safe on disk
 * (late acknowledgement); an exceptional completion makes the client retry
 * later with a 451.
 */
public interface MessageSink {

    /** Stores the message durably. Completes normally only when it is safe on disk; exceptionally otherwise. */
    CompletionStage<Void> store(Envelope envelope, byte[] content);
}
