package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.ingress.auth.AuthSettings;
import io.caravan.ingress.guard.GuardSettings;
import io.caravan.ingress.policy.Role;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressConfigTest {

    @TempDir
    Path dir;

    @Test
    void shippedConfigGivesTheGuardDefaultsWithDnsblOff() {
        GuardSettings guards = IngressConfig.guards(new TestNode(dir).settings());
        assertEquals(GuardSettings.defaults().withDnsbl(guards.dnsbl()).withGreetDelay(Duration.ZERO), guards,
                "TestNode turns the banner wait off");
        assertEquals(Duration.ofSeconds(1), GuardSettings.defaults().greetDelay(), "pregreet is on by default");
        assertEquals("1s", io.caravan.config.Key.SMTP_GUARD_GREET_DELAY.defaultValue());
        assertFalse(guards.dnsbl().enabled(), "no public blocklist is queried unless the operator lists one");
    }

    @Test
    void everyGuardKnobIsRead() throws Exception {
        TestNode node = new TestNode(dir)
                .set("caravan.smtp.guard.greet-delay", "2s")
                .set("caravan.smtp.guard.max-connections-per-client", 5)
                .set("caravan.smtp.guard.connection-rate-per-client", 30)
                .set("caravan.smtp.guard.max-connections", 200)
                .set("caravan.smtp.guard.message-rate-per-client", 100)
                .set("caravan.smtp.guard.rate-window", "5m")
                .set("caravan.smtp.guard.ipv6-prefix-length", 56)
                .set("caravan.smtp.guard.min-free-disk", "512MiB")
                .set("caravan.smtp.guard.dnsbl-file", "lists.yaml");
        Files.writeString(node.config().resolve("lists.yaml"), "sites: [\"bl.test*2\"]\nthreshold: 2\n");
        GuardSettings s = IngressConfig.guards(node.settings());
        assertEquals(new GuardSettings(Duration.ofSeconds(2), 5, 30, 200, 100, Duration.ofMinutes(5), 56,
                512L << 20, s.dnsbl()), s);
        assertTrue(s.dnsbl().enabled());
        assertEquals("bl.test*2", s.dnsbl().sites().get(0).toString());
    }

    @Test
    void shippedConfigGivesTheAuthDefaults() {
        assertEquals(AuthSettings.defaults(), IngressConfig.auth(new TestNode(dir).settings()));
    }

    @Test
    void everyAuthKnobIsRead() {
        TestNode node = new TestNode(dir)
                .set("caravan.smtp.auth.threads", 2)
                .set("caravan.smtp.auth.max-queued", 8)
                .set("caravan.smtp.auth.client-failures", 3)
                .set("caravan.smtp.auth.user-failures", 0)
                .set("caravan.smtp.auth.failure-window", "1h")
                .set("caravan.smtp.auth.lockout", "30s")
                .set("caravan.smtp.auth.max-tracked", 50)
                .set("caravan.smtp.guard.ipv6-prefix-length", 56);
        assertEquals(new AuthSettings(2, 8, 3, 0, Duration.ofHours(1), Duration.ofSeconds(30), 50, 56),
                IngressConfig.auth(node.settings()));
    }

    @Test
    void theClassOverrideHeaderIsPrivilegedUnlessTheOperatorSaysOtherwise() {
        TestNode node = new TestNode(dir);
        assertEquals(List.of("X-Caravan-Class"),
                IngressConfig.listener(node.settings(), Role.MX, "X-Caravan-Class").privilegedHeaders());
        assertEquals(List.of(), IngressConfig.listener(node.settings(), Role.MX, null).privilegedHeaders(),
                "overrides off in classes.yaml: nothing to guard");
        TestNode anyone = new TestNode(dir.resolve("anyone")).set("caravan.smtp.class-override-from-anyone", true);
        assertEquals(List.of(), IngressConfig.listener(anyone.settings(), Role.MX, "X-Caravan-Class").privilegedHeaders());
    }

    @Test
    void malformedDnsblFileIsNamed() throws Exception {
        TestNode node = new TestNode(dir);
        Files.writeString(node.config().resolve("dnsbl.yaml"), "site:\n  - \"bl.test\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> IngressConfig.guards(node.settings()));
        assertTrue(e.getMessage().contains("dnsbl.yaml"), e.getMessage());
    }
}
