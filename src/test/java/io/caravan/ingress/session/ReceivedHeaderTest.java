package io.caravan.ingress.session;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReceivedHeaderTest {

    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 11, 28, 1, 2, 3, 0, ZoneOffset.UTC);

    @Test
    void tlsAuthenticatedSingleRecipient() {
        assertEquals("Received: from client.test ([192.0.2.1])\r\n"
                        + "\tby mx.example (Caravan) with ESMTPSA (version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256)\r\n"
                        + "\tid Q1\r\n\tfor <bob@example.com>; Sat, 28 Nov 2026 01:02:03 +0000\r\n",
                ReceivedHeader.build("client.test", "192.0.2.1", "mx.example", true, "TLSv1.3",
                        "TLS_AES_128_GCM_SHA256", true, "Q1", "bob@example.com", WHEN));
    }

    @Test
    void plainHeloIpv6SeveralRecipients() {
        assertEquals("Received: from old.test ([IPv6:2001:db8::1])\r\n"
                        + "\tby mx.example (Caravan) with SMTP\r\n"
                        + "\tid Q2; Sat, 28 Nov 2026 01:02:03 +0000\r\n",
                ReceivedHeader.build("old.test", "2001:db8::1", "mx.example", false, null, null, false, "Q2",
                        null, WHEN));
    }
}
