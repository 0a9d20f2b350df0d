package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import io.caravan.ingress.auth.PasswordHasher;
import io.caravan.ingress.auth.UserStore;
import io.caravan.ingress.policy.AcceptedDomains;
import io.caravan.ingress.policy.RelayPolicy;
import io.caravan.ingress.policy.TrustedNetworks;
import io.caravan.ingress.session.SessionHook;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real server on 127.0.0.1, port 0, for scripted dialogues: accepted
 * domain example.com (and subdomains of sub.example.org), no trusted
 * network, user alice / secret. Error limits are high unless a test lowers them.
 */
final class ServerFixture implements AutoCloseable {

    static final String PASSWORD_HASH = PasswordHasher.hash("secret", 1000);

    final TestSink sink = new TestSink();
    final SmtpServer server;
    final SmtpServerSettings settings;

    ServerFixture(Path dataDir, UnaryOperator<SmtpServerSettings.Builder> tweak, List<String> trusted,
                  List<SessionHook> hooks) throws InterruptedException {
        SmtpServerSettings.Builder b = SmtpServerSettings.defaults().toBuilder()
                .bindAddress("127.0.0.1").port(0).hostname("mx.caravan.test").dataDir(dataDir)
                .tarpitAfterErrors(100).maxErrors(100).shutdownGrace(java.time.Duration.ofSeconds(2));
        settings = tweak.apply(b).build();
        RelayPolicy policy = new RelayPolicy(new AcceptedDomains(List.of("example.com", ".sub.example.org")),
                new TrustedNetworks(trusted));
        server = new SmtpServer(settings, sink, policy, new UserStore(List.of("alice:" + PASSWORD_HASH)),
                List.of(), hooks, Clock.systemUTC()).start();
    }

    ServerFixture(Path dataDir) throws InterruptedException {
        this(dataDir, b -> b, List.of(), List.of());
    }

    ServerFixture(Path dataDir, UnaryOperator<SmtpServerSettings.Builder> tweak) throws InterruptedException {
        this(dataDir, tweak, List.of(), List.of());
    }

    SmtpTestClient connect() throws Exception {
        SmtpTestClient c = SmtpTestClient.connect(server.port());
        c.expect("220 mx.caravan.test");
        return c;
    }

    /** Connected, greeted with EHLO. */
    SmtpTestClient greeted() throws Exception {
        SmtpTestClient c = connect();
        c.cmd("EHLO client.test", 250);
        return c;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
