package io.caravan.testing;

import io.caravan.broker.EmbeddedBroker;
import java.nio.file.Path;

/**
 * main() of a stand-alone Artemis broker for tests that need one in another
 * process: the same broker.xml as the gateway, reached only over TCP.
 * Arguments: broker.xml, data dir, host:port.
 */
public final class BrokerProcess {

    private BrokerProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(Path.of(args[0]), Path.of(args[1]), args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        Thread.currentThread().join();
    }
}
