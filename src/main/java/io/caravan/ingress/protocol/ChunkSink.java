package io.caravan.ingress.protocol;

/** Where the octets of a BDAT chunk go as they arrive ({@link ChunkedBody} for a transaction's message). */
@FunctionalInterface
public interface ChunkSink {

    /** Takes {@code length} octets of {@code b} from {@code offset}; {@code b} is reused after the call. */
    void write(byte[] b, int offset, int length);
}
