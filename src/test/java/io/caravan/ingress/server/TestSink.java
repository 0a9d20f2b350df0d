package io.caravan.ingress.server;

import io.caravan.ingress.session.MessageSink;
import io.caravan.message.Envelope;
import io.caravan.message.MessageBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A message sink for tests: keeps what it stored; can fail, or hold each store until the test completes it. */
final class TestSink implements MessageSink {

    record Stored(Envelope envelope, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    enum Mode { STORE, FAIL, HOLD }

    final List<Stored> stored = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<CompletableFuture<Void>> held = new LinkedBlockingQueue<>();
    volatile Mode mode = Mode.STORE;

    @Override
    public CompletionStage<Void> store(Envelope envelope, byte[] content) {
        return switch (mode) {
            case STORE -> {
                stored.add(new Stored(envelope, content));
                yield CompletableFuture.completedFuture(null);
            }
            case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
            case HOLD -> {
                CompletableFuture<Void> f = new CompletableFuture<>();
                f.thenRun(() -> stored.add(new Stored(envelope, content)));
                held.add(f);
                yield f;
            }
        };
    }

    /**
     * A spooled body in HOLD mode stays in its spool file until the test completes the store, as the broker
     * sink streams it from there; it is read then and its file deleted, as a sink does once the store is over.
     */
    @Override
    public CompletionStage<Void> store(Envelope envelope, MessageBody content) {
        if (mode != Mode.HOLD || content instanceof MessageBody.Bytes) {
            return MessageSink.super.store(envelope, content);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        held.add(f);
        return f.whenComplete((ok, failure) -> {
            try (InputStream in = content.open()) {
                if (failure == null) {
                    stored.add(new Stored(envelope, in.readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                content.delete();
            }
        });
    }

    CompletableFuture<Void> nextHeld() throws InterruptedException {
        return held.poll(10, TimeUnit.SECONDS);
    }
}
