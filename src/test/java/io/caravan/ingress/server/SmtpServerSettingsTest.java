package io.caravan.ingress.server;

import io.caravan.ingress.policy.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpServerSettingsTest {

    @Test
    void documentedDefaults() {
        SmtpServerSettings d = SmtpServerSettings.defaults();
        assertEquals(Role.MX, d.role());
        assertEquals(25, d.port());
        assertEquals(50L * 1024 * 1024, d.maxMessageSize());
        assertEquals(512, d.maxCommandLine());
        assertEquals(998, d.maxTextLine());
        assertEquals(1000, d.maxRecipientsPerMessage());
        assertEquals(Duration.ofSeconds(300), d.commandTimeout());
        assertEquals(Duration.ofSeconds(600), d.dataTimeout());
        assertEquals(Duration.ofMinutes(30), d.sessionTimeout());
        assertFalse(d.authRequired());
        assertTrue(d.withRole(Role.SUBMISSION).authRequired());
    }

    @Test
    void refusesLimitsBelowTheRfcs() {
        assertThrows(IllegalArgumentException.class,
                () -> SmtpServerSettings.defaults().toBuilder().maxCommandLine(100).build());
        assertThrows(IllegalArgumentException.class,
                () -> SmtpServerSettings.defaults().toBuilder().maxTextLine(80).build());
    }
}
