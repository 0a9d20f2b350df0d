package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker tells whether a topic has anyone to receive a message: the delivery event stream is
 * not sent to a topic nobody subscribes to, so the answer must follow subscribers as they come and go.
 */
class TopicBindingsTest {

    @TempDir
    Path dir;

    @Test
    void aTopicHasBindingsExactlyWhileSomeoneSubscribes() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("config/broker.xml"), dir, "");
             Connection connection = broker.connectionFactory().createConnection()) {
            String topic = "caravan.test.delivery";
            assertFalse(broker.hasBindings(topic), "no subscriber yet");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = session.createConsumer(session.createTopic(topic));
            assertTrue(broker.hasBindings(topic), "one subscriber");
            subscriber.close();
            long deadline = System.nanoTime() + 5_000_000_000L; // the broker removes the subscription queue after the close
            while (broker.hasBindings(topic) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(broker.hasBindings(topic), "the subscriber left");
        }
    }
}
