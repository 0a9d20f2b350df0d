package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which stages each role runs, and the settings each role needs or cannot use, checked before anything starts. */
class NodeRoleTest {

    @TempDir
    Path dir;

    @Test
    void eachRoleRunsItsStages() {
        // role: ingress, routing, delivery, bounce, events
        assertStages(NodeRole.ALL, true, true, true, true, true);
        assertStages(NodeRole.EDGE, true, false, false, false, false);
        assertStages(NodeRole.CORE, false, true, false, true, true);
        assertStages(NodeRole.EGRESS, false, false, true, false, true);
    }

    private static void assertStages(NodeRole role, boolean ingress, boolean routing, boolean delivery,
                                     boolean bounce, boolean events) {
        assertEquals(ingress, role.ingress(), role + " ingress");
        assertEquals(routing, role.routing(), role + " routing");
        assertEquals(delivery, role.delivery(), role + " delivery");
        assertEquals(bounce, role.bounce(), role + " bounce");
        assertEquals(events, role.events(), role + " events");
    }

    @Test
    void theDefaultIsAWholeGateway() {
        assertEquals(NodeRole.ALL, NodeRole.of(new TestNode(dir).settings()));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("all", new String[] {}),
                Arguments.of("EDGE", new String[] {"caravan.core.url", "tcp://127.0.0.1:61616"}),
                Arguments.of("core", new String[] {"caravan.broker.listen", "127.0.0.1:61616",
                        "caravan.broker.listen.user", "edge", "caravan.broker.listen.password", "secret"}),
                Arguments.of("core", new String[] {"caravan.broker.url", "tcp://broker.test:61616"}),
                Arguments.of("egress", new String[] {"caravan.broker.url", "tcp://127.0.0.1:61616"}));
    }

    @ParameterizedTest
    @MethodSource
    void accepted(String role, String[] settings) {
        TestNode node = node(role, settings);
        NodeRole.of(node.settings()).check(node.settings());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("gateway", new String[] {}, "caravan.node.role: one of all, edge, core, egress"),
                Arguments.of("edge", new String[] {}, "caravan.core.url must name the core's broker"),
                Arguments.of("edge", new String[] {"caravan.core.url", "tcp://127.0.0.1:61616",
                        "caravan.broker.url", "tcp://127.0.0.1:61617"}, "keeps what it accepts in its own journal"),
                Arguments.of("egress", new String[] {}, "delivers from the core's broker"),
                Arguments.of("core", new String[] {}, "with a login"),
                Arguments.of("core", new String[] {"caravan.broker.listen", "127.0.0.1:61616"}, "with a login"),
                Arguments.of("all", new String[] {"caravan.core.url", "tcp://127.0.0.1:61616"}, "for an edge only"),
                Arguments.of("all", new String[] {"caravan.broker.listen.user", "edge"},
                        "caravan.broker.listen.password must be set too"));
    }

    @ParameterizedTest
    @MethodSource
    void refused(String role, String[] settings, String why) {
        TestNode node = node(role, settings);
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeRole.of(node.settings()).check(node.settings()));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private TestNode node(String role, String[] settings) {
        TestNode node = new TestNode(dir).set("caravan.node.role", role);
        for (int i = 0; i < settings.length; i += 2) {
            node.set(settings[i], settings[i + 1]);
        }
        return node;
    }
}
