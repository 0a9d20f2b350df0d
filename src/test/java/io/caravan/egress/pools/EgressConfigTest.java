package io.caravan.egress.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.caravan.config.ConfigFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressConfigTest {

    private static final EgressConfig SHIPPED = EgressConfig.load(Path.of("config/egress.yaml"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "transactional | transactional shared",
            "executive     | executive transactional shared",
            "bulk          | bulk shared",
            "newsletter    | shared",
    })
    void shippedLayoutGivesEachClassItsPoolsInOrder(String cls, String pools) {
        List<String> names = SHIPPED.region("local").poolsFor(cls).stream().map(Pool::name).toList();
        assertEquals(List.of(pools.split(" ")), names);
    }

    @Test
    void shippedSourcesBindToLoopback() {
        for (Region r : SHIPPED.regions().values()) {
            for (Pool p : r.pools().values()) {
                for (EgressSource s : p.sources()) {
                    assertTrue(s.bindAddress().isLoopbackAddress(), s.name());
                    assertTrue(s.weight() >= 1);
                }
            }
        }
        assertEquals("127.0.0.2", SHIPPED.region("local").pools().get("transactional").sources().get(0)
                .bindAddress().getHostAddress());
        SHIPPED.checkClasses(Set.of("transactional", "bulk", "executive"));
    }

    @Test
    void unknownRegionNamesTheKnownOnes() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> SHIPPED.region("mars"));
        assertTrue(e.getMessage().contains("known: local"), e.getMessage());
    }

    @Test
    void aClassWithoutPoolIsReportedWhenThereIsNoStar() {
        EgressConfig c = EgressConfig.parse("e.yaml", """
                regions:
                  eu:
                    pools: { p: { sources: [ { name: s, bind: 127.0.0.2, ehlo: s.example.net } ] } }
                    classes: { transactional: { pool: p } }
                """);
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> c.checkClasses(Set.of("transactional", "bulk")));
        assertEquals(List.of("regions.eu.classes: no pool for class \"bulk\" and no \"*\" entry"), e.problems());
    }

    @Test
    void aMistakeNamesItsLine() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> EgressConfig.parse("e.yaml", """
                regions:
                  eu:
                    pools:
                      p:
                        sources:
                          - name: s
                            bind: mail.example
                            ehlo: s.example.net
                    classes: { '*': { pool: p } }
                """));
        assertEquals(List.of("regions.eu.pools.p.sources[0].bind: not an IP address: \"mail.example\" (line 7)"),
                e.problems());
    }

    private static final String VALID_POOL = "{ sources: [ { name: s1, bind: 127.0.0.2, ehlo: s1.example.net } ] }";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "regions: {}                                                                    | regions: declare at least one region",
            "regions: { eu: { pools: {}, classes: { '*': { pool: p } } } }                 | regions.eu.pools: declare at least one pool",
            "regions: { eu: { pools: { p: POOL }, classes: { bulk: { pool: q } } } }       | regions.eu.classes.bulk.pool: unknown pool \"q\"",
            "regions: { eu: { pools: { p: POOL }, classes: { bulk: { pool: p, fallback: [x] } } } } | regions.eu.classes.bulk.fallback[0]: unknown pool \"x\"",
            "regions: { eu: { pools: { p: POOL }, classes: { bulk: { pool: p, fallback: [p] } } } } | regions.eu.classes.bulk.fallback[0]: pool \"p\" is already",
            "regions: { eu: { pools: { p: POOL }, classes: {} } }                          | regions.eu.classes: map at least one class",
            "regions: { eu: { pools: { p: { sources: [] } }, classes: { '*': { pool: p } } } } | regions.eu.pools.p.sources: a pool needs at least one source",
            "regions: { eu: { pools: { p: { sources: [ { name: a, bind: mail.example, ehlo: a.example.net } ] } }, classes: { '*': { pool: p } } } } | regions.eu.pools.p.sources[0].bind: not an IP address",
            "regions: { eu: { pools: { p: { sources: [ { name: a, bind: 127.0.0.2, ehlo: localhost } ] } }, classes: { '*': { pool: p } } } } | regions.eu.pools.p.sources[0].ehlo: not a fully qualified",
            "regions: { eu: { pools: { p: { sources: [ { name: a, bind: 127.0.0.2, ehlo: a.example.net, weight: 0 } ] } }, classes: { '*': { pool: p } } } } | regions.eu.pools.p.sources[0].weight: expected a whole number",
            "regions: { eu: { pools: { p: { sources: [ { bind: 127.0.0.2, ehlo: a.example.net } ] } }, classes: { '*': { pool: p } } } } | regions.eu.pools.p.sources[0].name: missing",
            "regions: { eu: { pools: { p: POOL, q: POOL }, classes: { '*': { pool: p } } } } | regions.eu.pools.q.sources[0].name: source name \"s1\" is used twice",
            "regions: { eu: { pools: { p: POOL }, classes: { '*': { pool: p, fallbak: [] } } } } | regions.eu.classes.*.fallbak: unknown key",
    })
    void mistakesNameFileAndPath(String yaml, String problem) {
        ConfigFileException e = assertThrows(ConfigFileException.class,
                () -> EgressConfig.parse("config/egress.yaml", yaml.replace("POOL", VALID_POOL)));
        assertTrue(e.getMessage().startsWith("config/egress.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
