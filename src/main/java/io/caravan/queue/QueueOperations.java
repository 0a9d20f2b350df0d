package io.caravan.queue;

import io.caravan.broker.StageQueue;
import io.caravan.message.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Jolokia requests behind each queue command, on Artemis' own queue MBeans. Every command is one bulk
 * request (one login: the console's password hash is slow on purpose) over the stage queues and their hold
 * queues, so the tool need not know in advance where a message is.
 */
public final class QueueOperations {

    /** Queue ids are Crockford base32 (QueueId); anything else could break out of the broker filter's quotes. */
    private static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{1,64}");

    private QueueOperations() {
    }

    /** Every queue a message can wait on: each stage queue, then each hold queue. */
    public static List<String> queues() {
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
        return "org.apache.activemq.artemis:broker=\"caravan\",component=addresses,address=\"" + queue
                + "\",subcomponent=queues,routing-type=\"anycast\",queue=\"" + queue + "\"";
    }

    /**
     * Listing: per queue, the messages due now and those scheduled for later (a deferred delivery waits as a
     * scheduled message, which the plain listing leaves out).
     */
    public static List<Map<String, Object>> list() {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String queue : queues()) {
            requests.add(exec(queue, "listMessagesAsJSON(java.lang.String)", ""));
            requests.add(exec(queue, "listScheduledMessagesAsJSON()"));
        }
        return requests;
    }

    /** Removal from whichever queue holds the message. */
    public static List<Map<String, Object>> delete(String queueId) {
        String filter = filter(queueId);
        return queues().stream().map(q -> exec(q, "removeMessages(java.lang.String)", filter)).toList();
    }

    /** From each stage queue to its hold queue, where no stage consumes it. */
    public static List<Map<String, Object>> hold(String queueId) {
        String filter = filter(queueId);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (StageQueue q : StageQueue.values()) {
            requests.add(exec(q.queueName(), "moveMessages(java.lang.String,java.lang.String)", filter,
                    q.holdQueueName()));
        }
        return requests;
    }

    /** From each hold queue back to its stage's queue. */
    public static List<Map<String, Object>> release(String queueId) {
        String filter = filter(queueId);
        List<Map<String, Object>> requests = new ArrayList<>();
        for (StageQueue q : StageQueue.values()) {
            requests.add(exec(q.holdQueueName(), "moveMessages(java.lang.String,java.lang.String)", filter,
                    q.queueName()));
        }
        return requests;
    }

    /** The broker filter that selects one message by the queue id every stage puts on it. */
    public static String filter(String queueId) {
        if (!QUEUE_ID.matcher(queueId).matches()) {
            throw new IllegalArgumentException("not a queue id: '" + queueId + "'");
        }
        return Headers.QUEUE_ID + " = '" + queueId + "'";
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
