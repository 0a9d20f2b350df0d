package io.caravan.ingress.server;

import io.caravan.testing.SmtpTestClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

/** Never an open relay: what an untrusted, unauthenticated client may and may not address. */
class RelayTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "<user@elsewhere.test>",
            "<@example.com,@relay.test:user@elsewhere.test>",
            "<@example.com:user@example.com>",
            "<user%elsewhere.test@example.com>",
            "<\"user@elsewhere.test\"@example.com>",
            "<elsewhere.test!user@example.com>",
            "<user@example.com.elsewhere.test>",
            "<user@sub.example.org>"})
    void refusedForAnUntrustedClient(String path) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:" + path, "554 5.7.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<bob@example.com>", "<bob@EXAMPLE.COM>", "<bob@deep.sub.example.org>", "<postmaster>",
            "<\"bob smith\"@example.com>"})
    void acceptedDomainsFromAnyone(String path) throws Exception {
        try (ServerFixture fx = new ServerFixture(dir); SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test>", 250);
            c.cmd("RCPT TO:" + path, "250 2.1.5");
        }
    }

    @Test
    void trustedNetworkMayRelayButNotUseSourceRoutes() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b, List.of("10.0.0.0/8", "127.0.0.0/8"), List.of());
             SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@example.com>", 250);
            c.cmd("RCPT TO:<user@elsewhere.test>", "250 2.1.5");
            c.cmd("RCPT TO:<@relay.test:user@elsewhere.test>", "554 5.7.1");
        }
    }

    @Test
    void aLookAlikeOfAnAcceptedDomainIsThatDomainAndBrokenIdnaIsRefusedEvenWhenTrusted() throws Exception {
        try (ServerFixture fx = new ServerFixture(dir, b -> b, List.of("127.0.0.0/8"), List.of());
             SmtpTestClient c = fx.greeted()) {
            c.cmd("MAIL FROM:<a@remote.test> SMTPUTF8", 250);
            c.cmd("RCPT TO:<bob@ＥＸＡＭＰＬＥ.com>", "250 2.1.5");
            c.cmd("RCPT TO:<bob@xn--example-.com>", "501 5.1.3");
        }
    }
}
