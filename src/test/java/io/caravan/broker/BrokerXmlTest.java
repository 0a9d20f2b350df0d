package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shipped broker.xml parks every stage's failures in that stage's hold queue. */
class BrokerXmlTest {

    @ParameterizedTest
    @EnumSource(StageQueue.class)
    void everyStageHasItsHoldQueueAsDeadLetterAddress(StageQueue stage) throws Exception {
        String xml = Files.readString(Path.of("config/broker.xml")).replaceAll("\\s+", "");
        String setting = "<address-settingmatch=\"" + stage.queueName() + "\"><dead-letter-address>"
                + stage.holdQueueName() + "</dead-letter-address>";
        assertTrue(xml.contains(setting), "broker.xml lacks " + setting);
    }
}
