package io.caravan.events;

import io.caravan.jmx.Description;

/**
 * One of a node's event buffers in the console's JMX tab (io.caravan:type=EventBuffer): events waiting
 * for the region's stream, and events dropped because the buffer was full. Drops mean the stream is
 * slower than the node or gone; the mail log still records every attempt.
 */
@Description("Events waiting for the region's stream, and events dropped because the buffer was full")
public interface EventBufferMBean {

    @Description("Events waiting to be sent to the region's stream")
    int getQueued();

    @Description("Events dropped since start because the buffer was full: the stream is slower than the node, or gone")
    long getDropped();
}
