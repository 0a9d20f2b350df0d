// Run by the bench harness in source-file mode with Caravan's jar on the class path:
//   java -cp target/caravan.jar BrokerMain.java <broker.xml> <data dir> <host:port>
// A stand-alone Artemis broker with Caravan's own broker.xml, reached only over TCP (the broker-stop scenario).
import io.caravan.broker.EmbeddedBroker;

import java.nio.file.Path;

public class BrokerMain {
    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = EmbeddedBroker.start(Path.of(args[0]), Path.of(args[1]), args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("broker up on " + args[2]);
        Thread.currentThread().join();
    }
}
