package io.caravan.events;

/**
 * One of a node's event buffers in the console's JMX tab (io.caravan:type=EventBuffer): events waiting
 * for the region's stream, and events dropped because the buffer was full. Drops mean the stream is
 * slower than the node or gone; the {@code caravan.delivery} log line still records every attempt.
 */
public interface EventBufferMBean {

    int getQueued();

    long getDropped();
}
