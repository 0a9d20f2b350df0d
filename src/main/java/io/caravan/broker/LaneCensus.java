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

    /** Every lane the broker has, with its counts; the connection is made again after a failure. */
    public List<LaneGate.Census> take() throws Exception {
        try {
            return parse(ask());
        } catch (JMSException e) {
            close();
            throw e;
        }
    }

    private String ask() throws Exception {
        if (connection == null) {
            connection = factory.createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            producer = session.createProducer(session.createQueue(MANAGEMENT));
            replies = session.createTemporaryQueue();
            answers = session.createConsumer(replies);
            connection.start();
        }
        Message request = session.createMessage();
        JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "listQueues", FILTER, 1,
                Integer.MAX_VALUE);
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message reply = answers.receive(ANSWER_MILLIS);
        if (reply == null) {
            throw new JMSException("the broker did not answer the lane census within " + ANSWER_MILLIS + " ms");
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException("lane census refused: " + JMSManagementHelper.getResult(reply));
        }
        return String.valueOf(JMSManagementHelper.getResult(reply, String.class));
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
