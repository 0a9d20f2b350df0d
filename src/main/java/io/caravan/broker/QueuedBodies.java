package io.caravan.broker;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.core.message.LargeBodyReader;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;

/**
 * The first bytes of queued messages' bodies, read inside the embedded broker without taking or changing a
 * message. Both kinds of queued message are searched: those a browse sees (due now, paged ones included) and
 * the scheduled ones, which a browse and the queue MBean's {@code browse} leave out, and which are the
 * deferred deliveries waiting on their lanes. A large message is read from the head of its file only.
 *
 * <p>Only the embedded broker's messages are here: an external broker's are in another process.
 */
public final class QueuedBodies {

    /**
     * The head of one queued message's body.
     *
     * @param messageId the broker's id of the message (what the queue MBean's listing calls messageID)
     * @param bytes     at most the limit asked for; empty for a body that is not a byte stream
     * @param whole     whether {@code bytes} is the whole body
     */
    public record Head(String queue, long messageId, byte[] bytes, boolean whole) {
    }

    private final Supplier<ActiveMQServer> server;

    QueuedBodies(Supplier<ActiveMQServer> server) {
        this.server = server;
    }

    /**
     * The body heads of the messages whose string property {@code property} is {@code value}, on the anycast
     * queues whose name starts with {@code queuePrefix}; empty when the broker is not running.
     *
     * @param limit how many bytes of each body to read at most
     */
    public List<Head> find(String queuePrefix, String property, String value, int limit) {
        ActiveMQServer current = server.get();
        if (current == null || !current.isActive()) {
            return List.of();
        }
        List<Head> found = new ArrayList<>();
        current.getPostOffice().getAllBindings()
                .filter(b -> b instanceof QueueBinding)
                .map(b -> ((QueueBinding) b).getQueue())
                .filter(q -> q.getRoutingType() == RoutingType.ANYCAST && q.getName().toString().startsWith(queuePrefix))
                .forEach(q -> found.addAll(find(q, property, value, limit)));
        return found;
    }

    private static List<Head> find(Queue queue, String property, String value, int limit) {
        // the scheduled ones first: one that falls due meanwhile moves to where the browse finds it again,
        // rather than out of the browse's way (and is kept once, by its id)
        Map<Long, Head> found = new LinkedHashMap<>();
        for (MessageReference scheduled : queue.getScheduledMessages()) {
            read(queue, scheduled, property, value, limit, found);
        }
        try (LinkedListIterator<MessageReference> browsed = queue.browserIterator()) {
            while (browsed.hasNext()) {
                read(queue, browsed.next(), property, value, limit, found);
            }
        }
        return List.copyOf(found.values());
    }

    private static void read(Queue queue, MessageReference ref, String property, String value, int limit,
                             Map<Long, Head> found) {
        try {
            Message message = ref.getMessage();
            if (message == null || found.containsKey(message.getMessageID())
                    || !value.equals(message.getStringProperty(property))) {
                return;
            }
            found.put(message.getMessageID(), head(queue.getName().toString(), message, limit));
        } catch (Exception gone) {
            // acknowledged, expired or paged out while read: no longer queued, so nothing to show
        }
    }

    static Head head(String queue, Message message, int limit) throws Exception {
        ICoreMessage core = message.toCore();
        if (core.getType() != Message.BYTES_TYPE) {
            return new Head(queue, message.getMessageID(), new byte[0], false);
        }
        if (!message.isLargeMessage()) {
            ActiveMQBuffer body = core.getReadOnlyBodyBuffer(); // a slice of its own: the message is not touched
            int size = body.readableBytes();
            byte[] bytes = new byte[Math.min(size, limit)];
            body.readBytes(bytes);
            return new Head(queue, message.getMessageID(), bytes, size <= limit);
        }
        // the file stays while it is read, as it does for a consumer's delivery of it
        message.usageUp();
        try (LargeBodyReader reader = core.getLargeBodyReader()) {
            reader.open();
            long size = reader.getSize();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, limit));
            int read = buffer.capacity() == 0 ? 0 : Math.max(0, reader.readInto(buffer));
            return new Head(queue, message.getMessageID(), Arrays.copyOf(buffer.array(), read),
                    size <= limit && read == size);
        } finally {
            message.usageDown();
        }
    }
}
