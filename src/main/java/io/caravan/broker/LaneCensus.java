package io.caravan.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Json;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * Counts every lane's messages with one request to the broker's management address
 * ({@code listQueues}), which an embedded broker and an external one answer alike. One request a
 * census interval, whatever the number of lanes, instead of a probe of each lane.
 */
public final class LaneCensus implements AutoCloseable {

    private static final String MANAGEMENT = "activemq.management";
    private static final long ANSWER_MILLIS = 5000;
    private static final String FILTER = "{\"field\":\"name\",\"operation\":\"CONTAINS\",\"value\":\""
            + Lanes.PREFIX + "\"}";

    private final ConnectionFactory factory;
    private Connection connection;
    private Session session;
    private MessageProducer producer;
    private TemporaryQueue replies;
    private MessageConsumer answers;

    public LaneCensus(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** Lanes whose head message's age is asked per census, at most: one request each. */
    static final int AGES_PER_CENSUS = 64;
    private int ageOffset;

    /**
     * Every lane the broker has, with its counts and, for up to {@link #AGES_PER_CENSUS} lanes holding
     * messages (in turn when there are more), the age of the message at its head; the connection is made
     * again after a failure.
     */
    public List<LaneGate.Census> take() throws Exception {
        try {
            List<LaneGate.Census> lanes = parse(request(listQueues()));
            List<LaneGate.Census> out = new ArrayList<>(lanes.size());
            List<LaneGate.Census> holding = lanes.stream().filter(c -> c.messages() > 0).toList();
            java.util.Set<String> aged = new java.util.HashSet<>();
            for (int i = 0; i < Math.min(AGES_PER_CENSUS, holding.size()); i++) {
                aged.add(holding.get((ageOffset + i) % holding.size()).queue());
            }
            ageOffset += AGES_PER_CENSUS;
            for (LaneGate.Census c : lanes) {
                out.add(aged.contains(c.queue()) ? new LaneGate.Census(c.queue(), c.messages(), c.scheduled(),
                        c.delivering(), oldest(c.queue())) : c);
            }
            return out;
        } catch (JMSException e) {
            close();
            throw e;
        }
    }

    private long oldest(String queue) throws Exception {
        Message request = session().createMessage();
        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "firstMessageAge");
        Object age = JMSManagementHelper.getResult(answer(request));
        return age instanceof Number n ? n.longValue() : -1;
    }

    private Message listQueues() throws Exception {
        Message request = session().createMessage();
        JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "listQueues", FILTER, 1,
                Integer.MAX_VALUE);
        return request;
    }

    private String request(Message request) throws Exception {
        return String.valueOf(JMSManagementHelper.getResult(answer(request), String.class));
    }

    private Session session() throws JMSException {
        if (connection == null) {
            connection = factory.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue(MANAGEMENT));
            replies = session.createTemporaryQueue();
            answers = session.createConsumer(replies);
            connection.start();
        }
        return session;
    }

    private Message answer(Message request) throws Exception {
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message reply = answers.receive(ANSWER_MILLIS);
        if (reply == null) {
            throw new JMSException("the broker did not answer the lane census within " + ANSWER_MILLIS + " ms");
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException("lane census refused: " + JMSManagementHelper.getResult(reply));
        }
        return reply;
    }

    static List<LaneGate.Census> parse(String json) {
        List<LaneGate.Census> out = new ArrayList<>();
        for (JsonNode queue : tree(json).path("data")) {
            String name = queue.path("name").asText();
            if (Lanes.isLane(name)) {
                out.add(new LaneGate.Census(name, number(queue, "messageCount"), number(queue, "scheduledCount"),
                        number(queue, "deliveringCount")));
            }
        }
        return out;
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("lane census: not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static long number(JsonNode queue, String field) {
        return queue.path(field).asLong(0); // the broker writes each count as a string
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                // a lost connection has nothing left to release
            }
        }
    }
}
