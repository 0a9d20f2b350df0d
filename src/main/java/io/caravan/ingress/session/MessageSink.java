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

    /**
     * As {@link #store(Envelope, byte[])}, for a body that may be spooled; the sink then owns its spool
     * file and deletes it once the store is over. This default reads it into the heap.
     */
    default CompletionStage<Void> store(Envelope envelope, io.caravan.message.MessageBody content) {
        if (content instanceof io.caravan.message.MessageBody.Bytes bytes) {
            return store(envelope, bytes.bytes());
        }
        try (java.io.InputStream in = content.open()) {
            return store(envelope, in.readAllBytes());
        } catch (java.io.IOException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        } finally {
            content.delete();
        }
    }
}
