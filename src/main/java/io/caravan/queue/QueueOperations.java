package io.caravan.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.broker.StageQueue;
import io.caravan.message.Headers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The Jolokia requests behind each queue command, on Artemis' own queue MBeans. A command first asks which
 * queues the broker has ({@link #search()}: every anycast queue whose name starts with {@code caravan.}, so
 * the stage queues, their hold queues and whatever per-destination queues the delivery stage keeps), then
 * acts on all of them in one bulk request, so the tool need not know in advance where a message is.
 */
public final class QueueOperations {

    /** Queue ids are Crockford base32 (QueueId); anything else could break out of the broker filter's quotes. */
    private static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{1,64}");
    private static final String BROKER = "org.apache.activemq.artemis:broker=\"caravan\"";
    static final String PREFIX = "caravan.";
    static final String HOLD = ".hold";

    private QueueOperations() {
    }

    /** The MBean name pattern of the broker's anycast queues. */
    public static final String QUEUE_PATTERN = BROKER + ",component=addresses,address=*,subcomponent=queues,"
            + "routing-type=\"anycast\",queue=*";

    /** The request that lists the broker's anycast queues (answered with their MBean names). */
    public static Map<String, Object> search() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "search");
        request.put("mbean", QUEUE_PATTERN);
        return request;
    }

    /**
     * Caravan's queues among the MBean names {@link #search()} answered: those named {@code caravan.*}, the
     * queues mail waits on first, then the hold queues, each group by name. The event topics' subscriptions
     * are multicast queues named by the broker, not listed.
     */
    public static List<String> queues(JsonNode searchAnswer) {
        List<String> mbeans = new ArrayList<>();
        searchAnswer.forEach(n -> mbeans.add(n.asText()));
        return queues(mbeans);
    }

    /** The same from the MBean names themselves (a search of the node's own MBean server). */
    public static List<String> queues(java.util.Collection<String> mbeans) {
        List<String> names = new ArrayList<>();
        for (String mbean : mbeans) {
            try {
                String queue = ObjectName.getInstance(mbean).getKeyProperty("queue");
                String name = queue == null ? null : queue.startsWith("\"") ? ObjectName.unquote(queue) : queue;
                if (name != null && name.startsWith(PREFIX) && !names.contains(name)) {
                    names.add(name);
                }
            } catch (MalformedObjectNameException | IllegalArgumentException e) {
                // not a queue's name: nothing of Caravan's
            }
        }
        names.sort(Comparator.comparing((String n) -> n.endsWith(HOLD)).thenComparing(QueueOperations::stageOrder)
                .thenComparing(Comparator.naturalOrder()));
        return names;
    }

    /** The stage queues in the order mail passes them, then everything else. */
    private static int stageOrder(String queue) {
        String base = queue.endsWith(HOLD) ? queue.substring(0, queue.length() - HOLD.length()) : queue;
        for (StageQueue q : StageQueue.values()) {
            if (q.queueName().equals(base)) {
                return q.ordinal();
            }
        }
        return StageQueue.values().length;
    }

    /** The queues of a fresh broker, before any command asked it: each stage queue, then each hold queue. */
    public static List<String> stageQueues() {
        List<String> names = new ArrayList<>();
        for (StageQueue q : StageQueue.values()) {
            names.add(q.queueName());
        }
        for (StageQueue q : StageQueue.values()) {
            names.add(q.holdQueueName());
        }
        return names;
    }

    public static String mbean(String queue) {
        return BROKER + ",component=addresses,address=\"" + queue
                + "\",subcomponent=queues,routing-type=\"anycast\",queue=\"" + queue + "\"";
    }

    /**
     * Listing: per queue, the messages due now and those scheduled for later (a deferred delivery waits as a
     * scheduled message, which the plain listing leaves out). Answers come two per queue, in its order.
     */
    public static List<Map<String, Object>> list(List<String> queues) {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String queue : queues) {
            requests.add(exec(queue, "listMessagesAsJSON(java.lang.String)", ""));
            requests.add(exec(queue, "listScheduledMessagesAsJSON()"));
        }
        return requests;
    }

    /** Removal from whichever queue holds the message. */
    public static List<Map<String, Object>> delete(List<String> queues, String queueId) {
        String filter = filter(queueId);
        return queues.stream().map(q -> exec(q, "removeMessages(java.lang.String)", filter)).toList();
    }

    /** From each queue mail waits on to its hold queue ({@link #holdQueue}), where no stage consumes it. */
    public static List<Map<String, Object>> hold(List<String> queues, String queueId) {
        String filter = filter(queueId);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String q : queues) {
            if (!q.endsWith(HOLD)) {
                requests.add(move(q, filter, holdQueue(q, queues)));
            }
        }
        return requests;
    }

    /** From each hold queue back to the queue it holds for. */
    public static List<Map<String, Object>> release(List<String> queues, String queueId) {
        String filter = filter(queueId);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String q : queues) {
            if (q.endsWith(HOLD)) {
                requests.add(move(q, filter, q.substring(0, q.length() - HOLD.length())));
            }
        }
        return requests;
    }

    /**
     * A queue's hold queue: {@code Q.hold} when the broker has one, else the delivery stage's (a
     * per-destination queue without its own; released, the delivery goes back through the delivery stage).
     */
    static String holdQueue(String queue, List<String> queues) {
        String own = queue + HOLD;
        return queues.contains(own) ? own : StageQueue.DELIVERY.holdQueueName();
    }

    /**
     * Deferred messages due now: the scheduled messages of every queue a stage consumes (all of them, or one
     * message's), handed to the stage at once. Held messages stay held.
     */
    public static List<Map<String, Object>> flush(List<String> queues, String queueId) {
        String filter = queueId == null ? "" : filter(queueId);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String q : queues) {
            if (!q.endsWith(HOLD)) {
                requests.add(exec(q, "deliverScheduledMessages(java.lang.String)", filter));
            }
        }
        return requests;
    }

    /** One scheduled message due now, by the broker's id of it. */
    public static Map<String, Object> flushOne(String queue, long messageId) {
        return exec(queue, "deliverScheduledMessage(long)", messageId);
    }

    /**
     * Every copy of the message onto the bounce stage's queue, from every other queue (the held ones too),
     * then due there at once. It arrives without the failed recipients a stage would list
     * ({@link Headers#OUTCOMES}), which the bounce stage reads as an operator's bounce: every recipient of
     * the copy fails for good, and the sender gets a DSN. The answers before the last are the counts moved.
     */
    public static List<Map<String, Object>> bounce(List<String> queues, String queueId) {
        String filter = filter(queueId);
        String bounce = StageQueue.BOUNCE.queueName();
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String q : queues) {
            if (!q.equals(bounce)) {
                requests.add(move(q, filter, bounce));
            }
        }
        requests.add(exec(bounce, "deliverScheduledMessages(java.lang.String)", filter));
        return requests;
    }

    /** The broker filter that selects one message by the queue id every stage puts on it. */
    public static String filter(String queueId) {
        if (!QUEUE_ID.matcher(queueId).matches()) {
            throw new IllegalArgumentException("not a queue id: '" + queueId + "'");
        }
        return Headers.QUEUE_ID + " = '" + queueId + "'";
    }

    private static Map<String, Object> move(String from, String filter, String to) {
        return exec(from, "moveMessages(java.lang.String,java.lang.String)", filter, to);
    }

    private static Map<String, Object> exec(String queue, String operation, Object... arguments) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", "exec");
        request.put("mbean", mbean(queue));
        request.put("operation", operation);
        request.put("arguments", List.of(arguments));
        return request;
    }
}
