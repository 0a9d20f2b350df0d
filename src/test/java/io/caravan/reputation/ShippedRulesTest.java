package io.caravan.reputation;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.routing.provider.ProviderRules;
import io.caravan.smtp.Reply;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped rule of config/responses.yaml against a recorded reply, as the
 * provider sends it: multi-line continuations, literal IPs and host names,
 * "- gsmtp" suffixes and all. Each row: rule expected, the MX host that sent the
 * reply, wire reply, scope, message disposition, and the actions decided on a
 * first match. The provider comes from the MX host through the shipped
 * config/providers.yaml, as routing names it, so a rule whose provider name that
 * table does not give never matches here either.
 */
class ShippedRulesTest {

    static final ResponseRules RULES = ResponseRules.load(Path.of("config/responses.yaml"));
    static final ProviderRules PROVIDERS = ProviderRules.load(Path.of("config/providers.yaml"));

    /** The provider routing gives mail for a domain hosted on {@code mxHost}. */
    static String provider(String mxHost) {
        return PROVIDERS.recognizeByMx("recipient.example", List.of(mxHost));
    }

    static Stream<Arguments> recorded() {
        return Stream.of(
            row("gmail-ip-rate-limit", "gmail-smtp-in.l.google.com",
                "421-4.7.28 [192.0.2.10      15] Our system has detected an unusual rate of\r\n"
                + "421-4.7.28 unsolicited mail originating from your IP address. To protect our\r\n"
                + "421-4.7.28 users from spam, mail sent from your IP address has been temporarily\r\n"
                + "421-4.7.28 rate limited. Please visit\r\n"
                + "421-4.7.28  https://support.google.com/mail/?p=UnsolicitedRateLimitError to\r\n"
                + "421 4.7.28 review our Bulk Email Senders Guidelines. d2e1a72fcca58-7f2a8b1c9d3si1234567b3a.123 - gsmtp",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("gmail-ip-low-reputation", "gmail-smtp-in.l.google.com",
                "421-4.7.0 [192.0.2.10      15] Our system has detected that this message is\r\n"
                + "421-4.7.0 suspicious due to the very low reputation of the sending IP address.\r\n"
                + "421-4.7.0 To best protect our users from spam, the message has been\r\n"
                + "421-4.7.0 blocked. Please visit\r\n"
                + "421 4.7.0  https://support.google.com/mail/answer/188131 for more information. a1si2 - gsmtp",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("gmail-ipv6-guidelines", "gmail-smtp-in.l.google.com",
                "550-5.7.1 [2001:db8::25] This message does not meet IPv6 sending guidelines\r\n"
                + "550-5.7.1 regarding PTR records and authentication. Please review\r\n"
                + "550-5.7.1  https://support.google.com/mail/?p=IPv6AuthError for more information\r\n"
                + "550 5.7.1 . q7si7 - gsmtp",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("gmail-tls-required", "gmail-smtp-in.l.google.com",
                "421-4.7.0 TLS required for RCPT domain, closing connection. For more\r\n"
                + "421-4.7.0 information, go to\r\n"
                + "421 4.7.0  https://support.google.com/mail/answer/6330 b3si4 - gsmtp",
                Scope.CONNECTION, Disposition.DEFER, "DEFER REWRITE"),
            row("gmail-recipient-rate", "gmail-smtp-in.l.google.com",
                "450-4.2.1 The user you are trying to contact is receiving mail at a rate that\r\n"
                + "450-4.2.1 prevents additional messages from being delivered. Please resend your\r\n"
                + "450-4.2.1 message at a later point. If the user is able to receive mail at that\r\n"
                + "450-4.2.1 time, your message will be delivered. For more information, go to\r\n"
                + "450-4.2.1  https://support.google.com/mail/?p=ReceivingRate\r\n"
                + "450 4.2.1 a640c23a62f3a-a7e0cd4b3f1si123456866b.512 - gsmtp",
                Scope.RECIPIENT, Disposition.DEFER, "DEFER"),
            row("gmail-over-quota", "gmail-smtp-in.l.google.com",
                "452-4.2.2 The email account that you tried to reach is over quota. Please direct\r\n"
                + "452-4.2.2 the recipient to\r\n"
                + "452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp z5si6 - gsmtp",
                Scope.RECIPIENT, Disposition.DEFER, "DEFER"),
            row("gmail-unauthenticated-deferred", "gmail-smtp-in.l.google.com",
                "421-4.7.26 This mail has been rate limited because it is unauthenticated.\r\n"
                + "421-4.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.\r\n"
                + "421-4.7.26 \r\n"
                + "421-4.7.26  Authentication results:\r\n"
                + "421-4.7.26  DKIM = did not pass\r\n"
                + "421-4.7.26  SPF [example.com] with ip: [192.0.2.10] = did not pass\r\n"
                + "421-4.7.26 \r\n"
                + "421-4.7.26  For instructions on setting up authentication, go to\r\n"
                + "421 4.7.26  https://support.google.com/mail/answer/81126#authentication x1si2 - gsmtp",
                Scope.SENDER_DOMAIN, Disposition.DEFER, "DEFER"),
            row("gmail-unauthenticated-deferred", "gmail-smtp-in.l.google.com",
                "421-4.7.27 Your email has been rate limited because SPF authentication didn't\r\n"
                + "421-4.7.27 pass for this message. Gmail requires all bulk email senders to\r\n"
                + "421 4.7.27 authenticate with SPF. y2si3 - gsmtp",
                Scope.SENDER_DOMAIN, Disposition.DEFER, "DEFER"),
            row("gmail-unauthenticated-blocked", "gmail-smtp-in.l.google.com",
                "550-5.7.26 This mail is unauthenticated, which poses a security risk to the\r\n"
                + "550-5.7.26 sender and Gmail users, and has been blocked. The sender must\r\n"
                + "550-5.7.26 authenticate with at least one of SPF or DKIM. For this message,\r\n"
                + "550-5.7.26 DKIM checks did not pass and SPF check for [example.com] did not\r\n"
                + "550-5.7.26 pass with ip: [192.0.2.10]. The sender should visit\r\n"
                + "550 5.7.26  https://support.google.com/mail/answer/81126#authentication c4si5 - gsmtp",
                Scope.SENDER_DOMAIN, Disposition.BOUNCE, "BOUNCE"),
            row("gmail-domain-reputation", "gmail-smtp-in.l.google.com",
                "550-5.7.1 [192.0.2.10] Our system has detected that this message is likely\r\n"
                + "550-5.7.1 suspicious due to the very low reputation of the sending domain. To\r\n"
                + "550-5.7.1 best protect our users from spam, the message has been blocked.\r\n"
                + "550 5.7.1 Please visit https://support.google.com/mail/answer/188131 e5si6 - gsmtp",
                Scope.SENDER_DOMAIN, Disposition.BOUNCE, "BOUNCE"),
            row("gmail-unsolicited-content", "gmail-smtp-in.l.google.com",
                "550-5.7.1 [192.0.2.10      12] Our system has detected that this message is\r\n"
                + "550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\r\n"
                + "550-5.7.1 this message has been blocked. Please visit\r\n"
                + "550-5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError\r\n"
                + "550 5.7.1  for more information. 4fb4d7f45d1cf-5a1c2b3d4e5si123456a12.345 - gsmtp",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("gmail-try-again-later", "gmail-smtp-in.l.google.com",
                "421-4.7.0 Try again later, closing connection. (EHLO)\r\n"
                + "421-4.7.0  For more information, go to\r\n"
                + "421 4.7.0  https://support.google.com/a/answer/3221692 f6si7 - gsmtp",
                Scope.CONNECTION, Disposition.DEFER, "DEFER"),
            row("yahoo-tss04-deferred", "mta5.am0.yahoodns.net",
                "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("yahoo-tss04-deferred", "mta5.am0.yahoodns.net",
                "421 4.7.0 [TS01] Messages from 192.0.2.10 temporarily deferred due to user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("yahoo-tss04-deferred", "mx-aol.mail.gm0.yahoodns.net",
                "421 4.7.0 [TSS04] Messages from 192.0.2.10 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("yahoo-permanently-deferred", "mta5.am0.yahoodns.net",
                "553 5.7.2 [TSS09] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("yahoo-permanently-deferred", "mta5.am0.yahoodns.net",
                "553 5.7.1 [TS03] All messages from 192.0.2.10 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("yahoo-greylist", "mta5.am0.yahoodns.net",
                "421 4.7.0 [GL01] Message from (192.0.2.10) temporarily deferred - 4.16.50. Please refer to https://postmaster.yahooinc.com/error-codes",
                Scope.CONNECTION, Disposition.DEFER, "THROTTLE DEFER"),
            row("yahoo-unauthenticated", "mta5.am0.yahoodns.net",
                "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.",
                Scope.SENDER_DOMAIN, Disposition.BOUNCE, "BOUNCE"),
            row("yahoo-policy", "mta5.am0.yahoodns.net",
                "554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("microsoft-ip-rate-limit", "example-com.mail.protection.outlook.com",
                "451 4.7.650 The mail server [192.0.2.10] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [BN8NAM12FT055.eop-nam12.prod.protection.outlook.com]",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("microsoft-block-list", "example-com.mail.protection.outlook.com",
                "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM4PEPF00027A5F.eurprd04.prod.outlook.com 2024-05-01T10:00:00.000Z 08DC6B1A2B3C4D5E]",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("microsoft-banned-ip", "example-com.mail.protection.outlook.com",
                "550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to  http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430) [DM6NAM12FT012.eop-nam12.prod.protection.outlook.com]",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("microsoft-banned-ip", "example-com.mail.protection.outlook.com",
                "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230) [BN8NAM12FT055.eop-nam12.prod.protection.outlook.com]",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("microsoft-server-busy", "example-com.mail.protection.outlook.com",
                "451 4.7.500 Server busy. Please try again later from [192.0.2.10]. (S77) [VI1EUR04FT032.eop-eur04.prod.protection.outlook.com]",
                Scope.CONNECTION, Disposition.DEFER, "DEFER"),
            row("microsoft-consumer-rate", "example-com.mail.protection.outlook.com",
                "421 RP-001 (BAY004-MC1F63) Unfortunately, some messages from 192.0.2.10 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("microsoft-consumer-block", "example-com.mail.protection.outlook.com",
                "550 OU-001 (SNT004-MC1F43) Unfortunately, messages from 192.0.2.10 weren't sent. Please contact your Internet service provider. You can tell them that Hotmail does not relay dynamically-assigned IP ranges. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("microsoft-unregistered-domain", "example-com.mail.protection.outlook.com",
                "550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 [AM4PR05MB3425.eurprd05.prod.outlook.com]",
                Scope.SENDER_DOMAIN, Disposition.BOUNCE, "BOUNCE"),
            row("microsoft-authentication-level", "example-com.mail.protection.outlook.com",
                "550 5.7.515 Access denied, sending domain [EXAMPLE.COM] doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender.",
                Scope.SENDER_DOMAIN, Disposition.BOUNCE, "BOUNCE"),
            row("icloud-policy-deferred", "mx01.mail.icloud.com",
                "421 4.7.0 [CS01] Message deferred due to local policy. Please visit https://support.apple.com/en-us/HT204137",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("icloud-policy-rejected", "mx01.mail.icloud.com",
                "554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("icloud-rate", "mx01.mail.icloud.com",
                "450 4.7.1 Too many messages from 192.0.2.10, rate limited; try again later",
                Scope.SOURCE_IP, Disposition.DEFER, "THROTTLE DEFER"),
            row("icloud-proofpoint-block", "mx01.mail.icloud.com",
                "550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.10",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("qq-ip-frequency", "mx3.qq.com",
                "550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725",
                Scope.SOURCE_IP, Disposition.DEFER, "THROTTLE REWRITE"),
            row("qq-connection-frequency", "mx3.qq.com",
                "550 Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722",
                Scope.CONNECTION, Disposition.DEFER, "THROTTLE REWRITE"),
            row("qq-domain-frequency", "mx3.qq.com",
                "550 Domain frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726",
                Scope.SENDER_DOMAIN, Disposition.DEFER, "DEFER REWRITE"),
            row("qq-content", "mx3.qq.com",
                "550 Mail content denied. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("comcast-block-list", "mx1a1.comcast.net",
                "554 5.7.1 resimta-po-01v.sys.comcast.net comcast 192.0.2.10 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("comcast-rate-limit", "mx1a1.comcast.net",
                "421 4.7.0 resimta-ch2-08v.sys.comcast.net 192.0.2.10 Too many sessions opened. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000001",
                Scope.CONNECTION, Disposition.DEFER, "THROTTLE DEFER"),
            row("gmx-block-list", "mx00.emig.gmx.net",
                "554-gmx.net (mxgmx017) Nemesis ESMTP Service not available\r\n"
                + "554-No SMTP service\r\n"
                + "554-IP address is block listed.\r\n"
                + "554 For explanation visit https://postmaster.gmx.net/en/case?c=bl&i=ip&v=192.0.2.10&r=1M8xyz-1a2b3c",
                Scope.BLOCK, Disposition.DEFER, "BLOCK SHIFT REWRITE"),
            row("gmx-ip-reputation", "mx00.emig.gmx.net",
                "421-gmx.net (mxgmx116) Nemesis ESMTP Service not available\r\n"
                + "421-Service unavailable\r\n"
                + "421-Reject due to policy restrictions.\r\n"
                + "421 For explanation visit https://postmaster.gmx.net/en/case?c=hi&i=ip&v=192.0.2.10&r=0MAbcd-1x2y3z",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("gmx-policy-spam", "mx00.emig.gmx.net",
                "554-gmx.net (mxgmx014) Nemesis ESMTP Service not available\r\n"
                + "554-Requested action aborted: local error in processing\r\n"
                + "554-Reject due to policy restrictions.\r\n"
                + "554 For explanation visit https://postmaster.gmx.net/en/case?c=sp&i=ip&v=192.0.2.10&r=1N2opq-4r5s6t",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("mailru-ratelimit", "mxs.mail.ru",
                "421 4.7.0 Ratelimit exceeded for 192.0.2.10, try again later",
                Scope.SOURCE_IP, Disposition.DEFER, "THROTTLE DEFER"),
            row("mailru-spam", "mxs.mail.ru",
                "550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=abc123 or report details to abuse@corp.mail.ru. Error code: 6A4D9F0C. ID: 0000000A1B2C3D4E.",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("yandex-spam", "mx.yandex.net",
                "554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1701234567-AbCdEf12xY-Zq9",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row("yandex-unavailable", "mx.yandex.net",
                "451 4.7.1 Sorry, the service is currently unavailable. Please come back later. 1701234567-AbCdEf12xY-Zq9",
                Scope.CONNECTION, Disposition.DEFER, "DEFER"),
            row("generic-dnsbl-listed", "mx.example.net",
                "550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10",
                Scope.BLOCK, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            // Replies of the providers above as a receiver no provider rule knows would send them: the
            // generic layer reads them from their codes and words alone.
            row("generic-authentication-deferred", "mx.example.net",
                "421-4.7.27 Your email has been rate limited because SPF authentication didn't\r\n"
                + "421-4.7.27 pass for this message. Gmail requires all bulk email senders to\r\n"
                + "421 4.7.27 authenticate with SPF. y2si3 - gsmtp",
                Scope.SENDER_DOMAIN, Disposition.DEFER, "DEFER"),
            row("generic-dnsbl-listed-deferred", "mx.example.net",
                "450 DT:RBL",
                Scope.BLOCK, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("generic-dnsbl-query-error", "mx.example.net",
                "554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/46.38.225.230/",
                Scope.CONNECTION, Disposition.BOUNCE, "BOUNCE"),
            row("generic-dynamic-address", "mx.example.net",
                "550 DY-001 (BAY0-MC1-F3) Unfortunately, messages from 192.0.2.10 weren't sent. Please contact your Internet service provider. You can tell them that Hotmail does not relay dynamically-assigned IP ranges. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("generic-ip-blamed", "mx.example.net",
                "550 5.7.708 Access denied, traffic not accepted from this IP.",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("generic-ip-blamed-deferred", "mx.example.net",
                "421 4.3.2 Your IP(192.0.2.10) is filtered and this connection will be closed. You must register your IP to spammaster at domain.com By SpaceLee, the Lord of mail server.",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT DEFER"),
            row("generic-policy-blocked", "mx.example.net",
                "554 5.7.0 Blocked",
                Scope.BLOCK, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("generic-rate-limit-code", "mx.example.net",
                "421-4.7.28 [192.0.2.10      15] Our system has detected an unusual rate of\r\n"
                + "421-4.7.28 unsolicited mail originating from your IP address. To protect our\r\n"
                + "421 4.7.28 users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp",
                Scope.SOURCE_IP, Disposition.DEFER, "THROTTLE REWRITE"),
            row("generic-rate-limit-rejected", "mx.example.net",
                "550 Ip frequency limited",
                Scope.SOURCE_IP, Disposition.DEFER, "SUSPEND SHIFT REWRITE"),
            row("generic-temporarily-deferred", "mx.example.net",
                "421 4.7.0 [TS02] Temporarily deferred",
                Scope.SOURCE_IP, Disposition.DEFER, "DEFER"),
            row("generic-too-many-connections", "mx.example.net",
                "421 4.7.0 mx.example.net Error: too many connections from 192.0.2.10",
                Scope.CONNECTION, Disposition.DEFER, "THROTTLE DEFER"),
            row("generic-authentication", "mx.example.net",
                "550 5.7.23 The message was rejected because of Sender Policy Framework violation",
                Scope.SENDER_DOMAIN, Disposition.BOUNCE, "BOUNCE"),
            row("generic-mailbox-full", "mx.example.net",
                "452 4.2.2 <someone@example.net>: Recipient address rejected: Mailbox full",
                Scope.RECIPIENT, Disposition.DEFER, "DEFER"),
            row("generic-unknown-user", "gmail-smtp-in.l.google.com",
                "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n"
                + "550-5.1.1 double-checking the recipient's email address for typos or\r\n"
                + "550-5.1.1 unnecessary spaces. For more information, go to\r\n"
                + "550 5.1.1  https://support.google.com/mail/?p=NoSuchUser g7si8 - gsmtp",
                Scope.RECIPIENT, Disposition.BOUNCE, "BOUNCE"),
            row("generic-try-again-later", "mx.example.net",
                "450 4.7.1 Service temporarily unavailable, try again later",
                Scope.TRANSIENT, Disposition.DEFER, "DEFER"),
            row("generic-421-connection", "mx.example.net",
                "421 4.3.2 Service not available, closing transmission channel",
                Scope.CONNECTION, Disposition.DEFER, "DEFER"),
            row(Verdict.FALLBACK_4XX, "mx.example.net",
                "451 4.3.5 Server configuration problem",
                Scope.TRANSIENT, Disposition.DEFER, "DEFER"),
            row("generic-content", "mx.example.net",
                "554 5.6.0 Message content not accepted",
                Scope.CONTENT, Disposition.BOUNCE, "BOUNCE"),
            row(Verdict.FALLBACK_5XX, "d241253a.ess.barracudanetworks.com",
                "550 permanent failure",
                Scope.RECIPIENT, Disposition.BOUNCE, "BOUNCE"));
    }

    private static Arguments row(String rule, String mxHost, String wire, Scope scope, Disposition disposition,
                                 String actions) {
        return Arguments.of(rule, mxHost, wire, scope, disposition, actions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void recordedReplyHitsItsRule(String rule, String mxHost, String wire, Scope scope, Disposition disposition,
                                  String actions) {
        ResponseClassifier classifier = new ResponseClassifier(RULES, MutableClock.at("2026-11-28T00:00:00Z"));
        Verdict v = classifier.classify(WireReply.parse(wire), provider(mxHost), Origin.remote("src-a"));
        assertEquals(rule, v.rule(), v.reason());
        assertEquals(scope, v.scope());
        assertEquals(disposition, v.disposition());
        assertEquals(actionSet(actions), v.actions());
    }

    @ParameterizedTest(name = "{0} with enhanced codes left in the lines")
    @MethodSource("recorded")
    void parserThatKeepsEnhancedCodesGivesTheSameRule(String rule, String mxHost, String wire, Scope scope,
                                                      Disposition disposition, String actions) {
        ResponseClassifier classifier = new ResponseClassifier(RULES, MutableClock.at("2026-11-28T00:00:00Z"));
        Reply raw = WireReply.parse(wire, false);
        assertEquals(rule, classifier.classify(raw, provider(mxHost), Origin.remote("src-a")).rule());
    }

    @ParameterizedTest(name = "{0} from another IP and host")
    @MethodSource("recorded")
    void literalIpsAndHostsDoNotMatter(String rule, String mxHost, String wire, Scope scope,
                                       Disposition disposition, String actions) {
        ResponseClassifier classifier = new ResponseClassifier(RULES, MutableClock.at("2026-11-28T00:00:00Z"));
        String other = wire.replace("192.0.2.10", "2001:db8:4::1f").replace("BN8NAM12FT055.eop-nam12", "SA2PEPF0001.namprd03");
        assertEquals(rule, classifier.classify(WireReply.parse(other), provider(mxHost), Origin.remote("src-b")).rule());
    }

    /**
     * The shipped file lists provider rules before generic ones, names every generic rule generic-* (so the
     * layer shows in the mail log), and keeps generic suspensions shorter than any provider suspension.
     */
    @Test
    void theShippedLayersAreInOrderAndGenericSuspensionsAreShorter() {
        boolean generic = false;
        java.time.Duration shortestProvider = null;
        java.time.Duration longestGeneric = java.time.Duration.ZERO;
        for (ResponseRule r : RULES.rules()) {
            boolean isGeneric = r.layer() == Layer.GENERIC;
            assertEquals(isGeneric, r.name().startsWith(Layer.GENERIC_PREFIX), r.name());
            assertTrue(isGeneric || !generic, r.name() + " comes after a generic rule");
            generic |= isGeneric;
            if (r.suspends()) {
                if (isGeneric) {
                    longestGeneric = r.duration().compareTo(longestGeneric) > 0 ? r.duration() : longestGeneric;
                } else if (shortestProvider == null || r.duration().compareTo(shortestProvider) < 0) {
                    shortestProvider = r.duration();
                }
            }
        }
        assertTrue(longestGeneric.compareTo(shortestProvider) < 0, longestGeneric + " vs " + shortestProvider);
    }

    @Test
    void noShippedRuleNamesAnAddress() {
        for (ResponseRule r : RULES.rules()) {
            String text = r.match().text() == null ? "" : r.match().text().pattern();
            assertTrue(!text.matches(".*\\d+\\\\?\\.\\d+\\\\?\\.\\d+.*"), r.name() + ": " + text);
        }
    }

    /** Every shipped rule is shown to match a real reply here or in the reply corpus (ReplyCorpusTest). */
    @Test
    void everyShippedRuleHasARecordedReply() {
        Set<String> tested = recorded().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        CorpusOutcome corpus = new CorpusOutcome(RULES, PROVIDERS);
        ReplyCorpus.load().forEach(e -> tested.add(corpus.of(e).rule()));
        Set<String> missing = new TreeSet<>();
        RULES.rules().forEach(r -> {
            if (!tested.contains(r.name())) missing.add(r.name());
        });
        assertTrue(missing.isEmpty(), "rules without a recorded reply: " + missing);
    }

    static Set<Action> actionSet(String names) {
        Set<Action> set = EnumSet.noneOf(Action.class);
        Arrays.stream(names.split(" ")).filter(s -> !s.isBlank()).map(Action::parse).forEach(set::add);
        return set;
    }
}
