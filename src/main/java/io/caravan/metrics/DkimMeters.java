package io.caravan.metrics;

import io.caravan.dkim.DkimSigner;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code caravan_dkim_messages_total{result}}: messages routed to a delivery, signed, unsigned or failed. */
public final class DkimMeters {

    static final String NAME = Metrics.PREFIX + "dkim.messages";

    private DkimMeters() {
    }

    public static void register(MeterRegistry registry, DkimSigner signer) {
        counter(registry, signer, "signed", DkimSigner::signedCount, "signed with every key of the From domain");
        counter(registry, signer, "unsigned", DkimSigner::unsignedCount, "sent unsigned: no key for the From domain");
        counter(registry, signer, "failed", DkimSigner::failedCount,
                "sent unsigned: a key exists but signing failed (no From, header section too long, key error)");
    }

    private static void counter(MeterRegistry registry, DkimSigner signer, String result,
                                java.util.function.ToDoubleFunction<DkimSigner> count, String help) {
        FunctionCounter.builder(NAME, signer, count).tag("result", result)
                .description("Messages handed to delivery by DKIM result; " + help).register(registry);
    }
}
