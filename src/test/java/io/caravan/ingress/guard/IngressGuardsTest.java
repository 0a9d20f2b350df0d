package io.caravan.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressGuardsTest {

    @TempDir
    Path dataDir;

    @Test
    void theGuardsGoInFrontOfTheSessionInPolicyOrder() {
        GuardSettings settings = GuardSettings.defaults().withGreetDelay(Duration.ofSeconds(2))
                .withDnsbl(DnsblSettings.disabled().withSites(List.of(DnsblSite.parse("bl.test")), 1)
                        .withResolver("127.0.0.1", 53, Duration.ofSeconds(1)));
        IngressGuards guards = IngressGuards.create(settings, dataDir, () -> true, Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        ChannelHandler session = new ChannelInboundHandlerAdapter();
        channel.pipeline().addLast("session", session);
        guards.install(channel.pipeline());
        List<String> names = channel.pipeline().names();
        assertEquals(List.of(IngressGuards.LIMITS, IngressGuards.GATE, IngressGuards.PREGREET, IngressGuards.DNSBL),
                names.subList(0, 4));
        assertTrue(names.indexOf("session") > 3, names.toString());
    }

    @Test
    void withoutADelayOrListsThereIsNoPregreetHandler() {
        IngressGuards guards = IngressGuards.create(GuardSettings.defaults().withGreetDelay(Duration.ZERO), dataDir,
                () -> true, Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        guards.install(channel.pipeline());
        assertEquals(List.of(IngressGuards.LIMITS, IngressGuards.GATE), channel.pipeline().names().subList(0, 2));
        assertNull(channel.pipeline().get(IngressGuards.PREGREET));
    }

    @Test
    void aDnsListKeepsThePregreetHandlerWithoutADelay() {
        GuardSettings settings = GuardSettings.defaults().withGreetDelay(Duration.ZERO)
                .withDnsbl(DnsblSettings.disabled().withSites(List.of(DnsblSite.parse("bl.test")), 1)
                        .withResolver("127.0.0.1", 53, Duration.ofSeconds(1)));
        IngressGuards guards = IngressGuards.create(settings, dataDir, () -> true, Clock.systemUTC());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        guards.install(channel.pipeline());
        assertEquals(List.of(IngressGuards.LIMITS, IngressGuards.GATE, IngressGuards.PREGREET, IngressGuards.DNSBL),
                channel.pipeline().names().subList(0, 4));
    }

    @Test
    void withoutListsThereIsNoDnsblHandler() {
        IngressGuards guards = IngressGuards.create(GuardSettings.defaults(), dataDir, () -> true,
                Clock.systemUTC());
        assertNull(guards.dnsbl());
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        guards.install(channel.pipeline());
        assertNull(channel.pipeline().get(IngressGuards.DNSBL));
    }
}
