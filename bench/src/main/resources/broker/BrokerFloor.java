// Run by the bench harness in source-file mode with Caravan's jar on the class path:
//   java -cp target/caravan.jar BrokerFloor.java <broker.xml> <data dir> <rate> <warm-up s> <s> <senders> <consumers> <bytes>
// Caravan's embedded broker alone, used the way the stages use it and nothing else: no SMTP, no routing. <senders>
// threads send persistent messages open-loop at <rate> a second, each asynchronously on one shared session, as
// ingress does; <consumers> transacted consumers take and commit them one at a time, as egress does. After the
// warm-up it prints one line: send-to-confirmation percentiles in microseconds and the process's CPU per message.
import io.caravan.broker.EmbeddedBroker;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

public class BrokerFloor {
    static final String QUEUE = "caravan.delivery";

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(args[2]);
        int warmup = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int senders = Integer.parseInt(args[5]);
        int consumers = Integer.parseInt(args[6]);
        byte[] body = new byte[Integer.parseInt(args[7])];
        Arrays.fill(body, (byte) 'x');
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of(args[0]), Path.of(args[1]), "")) {
            ActiveMQConnectionFactory factory = broker.connectionFactory();
            factory.setConfirmationWindowSize(64 * 1024); // as ingress's factory (BrokerConnection)
            factory.setProducerWindowSize(1024 * 1024);
            AtomicLong consumed = new AtomicLong();
            Connection[] connections = new Connection[consumers];
            Thread[] takers = new Thread[consumers];
            for (int i = 0; i < consumers; i++) {
                connections[i] = factory.createConnection();
                takers[i] = taker(connections[i], consumed);
            }
            try (Connection c = factory.createConnection()) {
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
                send(producer, session, body, rate, warmup, senders);
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpu = os.getProcessCpuTime();
                long[] micros = send(producer, session, body, rate, seconds, senders);
                long total = (long) (rate * warmup) + micros.length;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (consumed.get() < total && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                cpu = os.getProcessCpuTime() - cpu;
                long[] ok = Arrays.stream(micros).filter(m -> m > 0).sorted().toArray();
                int n = ok.length;
                System.out.printf("floor messages=%d failed=%d consumed=%d p50us=%d p99us=%d maxus=%d cpuns=%d "
                        + "journal=%s%n", micros.length, micros.length - n, consumed.get() - (total - micros.length),
                        n == 0 ? 0 : ok[n / 2], n == 0 ? 0 : ok[(int) (n * 0.99)], n == 0 ? 0 : ok[n - 1], cpu,
                        broker.journalType());
            }
            for (int i = 0; i < consumers; i++) {
                connections[i].close(); // its consumer's receive returns null
                takers[i].join();
            }
        }
    }

    /** A consumer as egress has one: take a message, read it, commit, one at a time. */
    static Thread taker(Connection c, AtomicLong consumed) throws JMSException {
        c.start();
        Session s = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = s.createConsumer(s.createQueue(QUEUE));
        Thread t = new Thread(() -> {
            try {
                for (Message m; (m = consumer.receive()) != null; ) { // waits as Caravan's stages do: no timeout
                    m.getBody(byte[].class);
                    s.commit();
                    consumed.incrementAndGet();
                }
            } catch (JMSException e) {
                // closed under it at the end of the run
            }
        });
        t.start();
        return t;
    }

    /** Message k is due at start + k / rate; returns each one's send-to-confirmation time in µs, -1 if refused. */
    static long[] send(MessageProducer producer, Session session, byte[] body, double rate, int seconds,
                       int senders) throws InterruptedException {
        int n = (int) (rate * seconds);
        long[] micros = new long[n];
        AtomicLong next = new AtomicLong();
        CountDownLatch confirmed = new CountDownLatch(n);
        long start = System.nanoTime();
        for (int i = 0; i < senders; i++) {
            new Thread(() -> {
                for (long k; (k = next.getAndIncrement()) < n; ) {
                    long due = start + (long) (k * 1e9 / rate);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    int index = (int) k;
                    long t0 = System.nanoTime();
                    try {
                        synchronized (producer) { // one session, one sender at a time, as ingress's StageProducer
                            BytesMessage m = session.createBytesMessage();
                            m.writeBytes(body);
                            m.setStringProperty("CaravanQueueId", "floor-" + k);
                            producer.send(m, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0,
                                    new CompletionListener() {
                                        public void onCompletion(Message sent) {
                                            micros[index] = Math.max(1, (System.nanoTime() - t0) / 1000);
                                            confirmed.countDown();
                                        }

                                        public void onException(Message sent, Exception e) {
                                            micros[index] = -1;
                                            confirmed.countDown();
                                        }
                                    });
                        }
                    } catch (JMSException e) {
                        micros[index] = -1;
                        confirmed.countDown();
                    }
                }
            }).start();
        }
        confirmed.await(); // all sent once all are confirmed
        return micros;
    }
}
