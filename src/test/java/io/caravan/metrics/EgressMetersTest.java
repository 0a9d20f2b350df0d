package io.caravan.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.EgressObserver;
import io.micrometer.core.instrument.Counter;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The delivery counter as the scraper sees it: one series per folded label set, named by Prometheus'
 * conventions.
 */
class EgressMetersTest {

    @Test
    void unknownProvidersShareOneSeriesAndCountersEndInTotal() {
        try (Metrics metrics = new Metrics()) {
            EgressObserver egress = metrics.egress(new Labels(Set.of("gmail"), Set.of("tx"), Set.of("tx-1")));
            egress.delivery("sent", "gmail", "tx", "tx-1");
            egress.delivery("sent", "example-isp.net", "tx", "tx-1");
            egress.delivery("sent", "another-isp.org", "tx", "tx-1");
            egress.delivery("deferred", "gmail", "elsewhere", "192.0.2.9");
            egress.deferred("gmail-rate-limit");
            egress.deferred("gmail-rate-limit");

            assertEquals(2.0, count(metrics, EgressMeters.DELIVERIES, "sent", "other", "tx", "tx-1"));
            assertEquals(1.0, count(metrics, EgressMeters.DELIVERIES, "sent", "gmail", "tx", "tx-1"));
            assertEquals(1.0, count(metrics, EgressMeters.DELIVERIES, "deferred", "gmail", "other", "other"));
            assertEquals(3, metrics.registry().find(EgressMeters.DELIVERIES).counters().size(),
                    "three label sets, not four");

            String text = metrics.scrape(null).text();
            assertTrue(text.contains("caravan_egress_deliveries_total{pool=\"tx\",provider=\"other\",source=\"tx-1\","
                    + "status=\"sent\"} 2.0"), text);
            assertTrue(text.contains("caravan_egress_deferrals_total{rule=\"gmail-rate-limit\"} 2.0"), text);
        }
    }

    private static double count(Metrics metrics, String name, String status, String provider, String pool,
                                String source) {
        Counter counter = metrics.registry().find(name).tags("status", status, "provider", provider, "pool", pool,
                "source", source).counter();
        return counter == null ? 0 : counter.count();
    }
}
