package io.caravan.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every {@code caravan.*} property the gateway reads, with its default and its
 * meaning. This enum is the single registry: {@link Settings} refuses keys
 * that are not here, and a test fails when one of them is missing from
 * docs/CONFIG.md, so the documentation cannot drift from the code.
 */
public enum Key {

    NODE_NAME("caravan.node.name", Type.TEXT, "",
            "Name of this node in logs, events and Received headers; empty means the host name."),
    NODE_REGION("caravan.node.region", Type.TEXT, "local",
            "Region this node belongs to; it picks the egress pools and the events it shares."),

    NODE_ROLE("caravan.node.role", Type.TEXT, "all",
            "Which stages this node runs: all (a whole gateway), edge (ingress only, forwarding to the core's "
                    + "broker), core (routing, bounce, feedback; the broker edges and egress nodes reach) or egress "
                    + "(delivery for its region, on the core's broker)."),

    BROKER_URL("caravan.broker.url", Type.TEXT, "",
            "URL of an external Artemis broker or cluster (tcp://host:61616,...). Empty starts the embedded broker."),
    BROKER_USER("caravan.broker.user", Type.TEXT, "", "User for the external broker."),
    BROKER_PASSWORD("caravan.broker.password", Type.TEXT, "", "Password for the external broker."),
    BROKER_LISTEN("caravan.broker.listen", Type.TEXT, "",
            "host:port on which the embedded broker also accepts TCP clients (tools, other processes, edges and "
                    + "egress nodes); loopback only unless caravan.broker.listen.user is set. Empty: in-VM only."),
    BROKER_LISTEN_USER("caravan.broker.listen.user", Type.TEXT, "",
            "User every TCP client of the embedded broker must log in as; empty: no login, loopback only."),
    BROKER_LISTEN_PASSWORD("caravan.broker.listen.password", Type.TEXT, "",
            "Password of caravan.broker.listen.user."),
    BROKER_LISTEN_TLS_CERTIFICATE("caravan.broker.listen.tls.certificate", Type.TEXT, "",
            "PEM certificate chain the embedded broker's TCP acceptor presents; with caravan.broker.listen.tls.key "
                    + "the acceptor speaks only TLS (1.3 and 1.2), and its clients put sslEnabled=true and their trust "
                    + "in the broker URL. Empty: plain TCP."),
    BROKER_LISTEN_TLS_KEY("caravan.broker.listen.tls.key", Type.TEXT, "",
            "PEM PKCS#8 private key of caravan.broker.listen.tls.certificate."),

    CORE_URL("caravan.core.url", Type.TEXT, "",
            "On an edge: the core's broker (tcp://host:port, or a pair's failover URL), to which a bridge forwards what "
                    + "ingress accepted."),
    CORE_USER("caravan.core.user", Type.TEXT, "", "On an edge: the user the bridge logs in to the core's broker as."),
    CORE_PASSWORD("caravan.core.password", Type.TEXT, "", "On an edge: the password of caravan.core.user."),

    REGION_HEARTBEAT("caravan.region.heartbeat", Type.DURATION, "2s",
            "How often a node tells its region that it is live and which egress sources it sends from; the live "
                    + "nodes that share a source divide its shaping limits among them. A node counts for three "
                    + "intervals after its last beat. 0 turns it off: each node takes every limit whole."),
    KAFKA_BOOTSTRAP("caravan.kafka.bootstrap", Type.TEXT, "",
            "Kafka bootstrap servers (host:port,...) for the region's event stream and suppression list; empty: a topic "
                    + "on the node's own broker, for a node that works alone, and the list on the region's broker."),

    ROUTING_TRANSPORT_FILE("caravan.routing.transport-file", Type.TEXT, "transport",
            "Transport map in Postfix syntax, in the config directory; re-read when it changes."),
    CONFIG_CHECK_INTERVAL("caravan.config.check-interval", Type.DURATION, "5s",
            "How often the tables that reload while the gateway runs (transport, tls_policy, accepted-domains, "
                    + "trusted-networks, users) are checked for a change."),
    ROUTING_PROVIDERS_FILE("caravan.routing.providers-file", Type.TEXT, "providers.yaml",
            "Mailbox providers, recognised by MX host suffix and recipient domain, in the config directory."),
    ROUTING_CLASSES_FILE("caravan.routing.classes-file", Type.TEXT, "classes.yaml",
            "Traffic class rules, in the config directory."),
    ROUTING_EGRESS_FILE("caravan.routing.egress-file", Type.TEXT, "egress.yaml",
            "Regions, pools and egress sources, in the config directory."),
    DKIM_FILE("caravan.dkim.file", Type.TEXT, "dkim.yaml",
            "DKIM signing keys per sender domain and tenant, header list, oversigning, in the config directory; "
                    + "re-read when it changes. Missing: mail leaves unsigned."),
    FEEDBACK_REF_HEADER("caravan.feedback.ref-header", Type.FLAG, "true",
            "Stamp X-Caravan-Ref on every message routed to delivery: its queue id, class, pool and sender scope "
                    + "sealed with the node's reference key, so complaints and bounces from feedback mailboxes are "
                    + "matched back to it and receivers read none of it."),
    FEEDBACK_REF_KEY_FILE("caravan.feedback.ref-key-file", Type.TEXT, "feedback-ref.key",
            "The secret that seals and opens X-Caravan-Ref and VERP return paths, relative to the data directory; "
                    + "written at the first start when missing. Nodes that read each other's reports share it."),
    FEEDBACK_BOUNCE_DOMAIN("caravan.feedback.bounce-domain", Type.TEXT, "",
            "Domain of the VERP return path egress gives every message (bounces+REF@DOMAIN, REF sealed like "
                    + "X-Caravan-Ref); it must route to a feedback mailbox. Empty: the client's envelope sender is kept."),
    FEEDBACK_FILE("caravan.feedback.file", Type.TEXT, "feedback.yaml",
            "Feedback mailboxes (complaint reports and bounces) read over IMAP or POP3, in the config directory; "
                    + "missing: none."),
    FEEDBACK_BOUNCE_EXPIRY("caravan.feedback.bounce-expiry", Type.DURATION, "180d",
            "How long a hard bounce suppresses its recipient; 0s: until an operator lifts it."),
    FEEDBACK_COMPLAINT_EXPIRY("caravan.feedback.complaint-expiry", Type.DURATION, "0s",
            "How long a complaint suppresses its recipient; 0s: until an operator lifts it."),
    FEEDBACK_COMPLAINT_RATE("caravan.feedback.complaint-rate.threshold", Type.DECIMAL, "0.003",
            "Complaints per message sent by one source to one provider over the window at which the source is "
                    + "suspended (or throttled) for that provider; 0 turns the rule off."),
    FEEDBACK_COMPLAINT_WINDOW("caravan.feedback.complaint-rate.window", Type.DURATION, "24h",
            "The window complaints and messages sent are counted over."),
    FEEDBACK_COMPLAINT_MIN("caravan.feedback.complaint-rate.min-complaints", Type.COUNT, "3",
            "Fewest complaints in the window before the rate is judged."),
    FEEDBACK_COMPLAINT_SUSPEND("caravan.feedback.complaint-rate.suspend-for", Type.DURATION, "6h",
            "How long a source over the threshold is suspended for the provider."),
    FEEDBACK_COMPLAINT_ACTION("caravan.feedback.complaint-rate.action", Type.TEXT, "suspend",
            "What a source over the complaint-rate threshold gets for the provider: suspend or throttle."),
    FEEDBACK_COMPLAINT_THROTTLE("caravan.feedback.complaint-rate.throttle-factor", Type.DECIMAL, "0.25",
            "With action throttle: the share of its normal rate to the provider a source over the threshold keeps; "
                    + "it climbs back by a tenth every 10 minutes."),
    FEEDBACK_BOUNCE_RATE("caravan.feedback.bounce-rate.threshold", Type.DECIMAL, "0.05",
            "Hard bounces (5xx replies to egress, failed recipients of DSNs) per recipient attempted by one source "
                    + "for one provider over the window at which the source is throttled (or suspended) for that "
                    + "provider; 0 turns the rule off."),
    FEEDBACK_BOUNCE_WINDOW("caravan.feedback.bounce-rate.window", Type.DURATION, "24h",
            "The window hard bounces and recipients attempted are counted over."),
    FEEDBACK_BOUNCE_MIN("caravan.feedback.bounce-rate.min-bounces", Type.COUNT, "20",
            "Fewest hard bounces in the window before the rate is judged."),
    FEEDBACK_BOUNCE_SUSPEND("caravan.feedback.bounce-rate.suspend-for", Type.DURATION, "6h",
            "With action suspend: how long a source over the bounce-rate threshold is suspended for the provider."),
    FEEDBACK_BOUNCE_ACTION("caravan.feedback.bounce-rate.action", Type.TEXT, "throttle",
            "What a source over the bounce-rate threshold gets for the provider: throttle or suspend."),
    FEEDBACK_BOUNCE_THROTTLE("caravan.feedback.bounce-rate.throttle-factor", Type.DECIMAL, "0.5",
            "With action throttle: the share of its normal rate to the provider a source over the bounce-rate "
                    + "threshold keeps; it climbs back by a tenth every 10 minutes."),
    ROUTING_MAX_RECIPIENTS_PER_DELIVERY("caravan.routing.max-recipients-per-delivery", Type.COUNT, "100",
            "Most recipients in one delivery (one SMTP transaction) to a next hop."),
    ROUTING_IPV6("caravan.routing.ipv6", Type.FLAG, "true", "Also look up AAAA records of MX hosts."),
    ROUTING_MAX_MX_HOSTS("caravan.routing.max-mx-hosts", Type.COUNT, "10",
            "At most this many MX hosts of a domain are kept, lowest preference first."),

    DNS_SERVERS("caravan.dns.servers", Type.TEXT, "",
            "DNS servers for MX, TLSA and A lookups: ip[:port] list; empty means the system's resolv.conf."),
    DNS_TIMEOUT("caravan.dns.timeout", Type.DURATION, "5s", "How long to wait for one answer from one server."),
    DNS_RETRIES("caravan.dns.retries", Type.NUMBER, "2", "Further passes over the server list after timeouts."),
    DNS_MAX_TTL("caravan.dns.max-ttl", Type.DURATION, "24h", "Cap on how long an answer is cached."),
    DNS_NEGATIVE_TTL("caravan.dns.negative-ttl", Type.DURATION, "5m",
            "How long NXDOMAIN/NODATA is cached when the answer carries no SOA."),
    DNS_CACHE_SIZE("caravan.dns.cache-size", Type.COUNT, "100000", "Most answers kept in the DNS cache."),

    ROUTING_CONSUMERS("caravan.routing.consumers", Type.COUNT, "4",
            "Concurrent consumers of the incoming queue in the routing stage."),
    ROUTING_BATCH("caravan.routing.batch", Type.COUNT, "32",
            "Messages a routing consumer takes per transaction at most: one commit (one journal sync) covers them "
                    + "all. A message that fails rolls its batch back, and from then on it runs alone."),
    ROUTING_AT_ACCEPTANCE("caravan.routing.at-acceptance", Type.FLAG, "true",
            "Route an accepted message before the 250 when that needs no DNS question (every answer cached), no "
                    + "operator hook and gives one delivery: it is stored on the delivery queue at once. Off, or "
                    + "otherwise: it is stored on the incoming queue and the routing stage routes it."),
    EGRESS_ENABLED("caravan.egress.enabled", Type.FLAG, "true",
            "Run the egress stage on this node. Off: the node accepts and routes, and deliveries wait on the "
                    + "delivery queue for nodes that send (an ingress-only point of presence on a shared broker)."),
    EGRESS_DANE_TRUST_ANCHORS("caravan.egress.dane.trust-anchors", Type.TEXT, "",
            "File in the config directory with the DNSSEC trust anchors (DS or DNSKEY lines, e.g. the root KSK) "
                    + "that validate TLSA lookups for dane destinations; empty: dane destinations defer."),
    EGRESS_CONSUMERS("caravan.egress.consumers", Type.COUNT, "8",
            "Delivery threads of the egress stage, shared by every lane."),
    EGRESS_LANE_CENSUS("caravan.egress.lane-census", Type.DURATION, "1s",
            "How often the lanes' message counts are taken from the broker (one management request each time)."),
    EGRESS_SHAPING_FILE("caravan.egress.shaping-file", Type.TEXT, "shaping.yaml",
            "Connection and rate limits per destination, in the config directory."),
    EGRESS_TLS_PROTOCOLS("caravan.egress.tls.protocols", Type.TEXT, "TLSv1.3,TLSv1.2",
            "TLS versions egress offers, comma-separated (names as the JDK knows them)."),
    EGRESS_TLS_CA_FILE("caravan.egress.tls.ca-file", Type.TEXT, "",
            "PEM file of CA certificates that verify destinations trust, in the config directory; empty: the JDK's CA set."),
    EGRESS_TLS_POLICY_FILE("caravan.egress.tls-policy-file", Type.TEXT, "tls_policy",
            "TLS level per next-hop domain (Postfix syntax), in the config directory; missing means may for all."),
    EGRESS_RESPONSES_FILE("caravan.egress.responses-file", Type.TEXT, "responses.yaml",
            "Rules that read receivers' failure replies (suspend, shift, defer, bounce), in the config directory."),
    EGRESS_MTA_STS_ENABLED("caravan.egress.mta-sts.enabled", Type.FLAG, "true",
            "Apply the MTA-STS policies (RFC 8461) of recipient domains that have no entry in tls_policy."),
    EGRESS_MTA_STS_TRUST_STORE("caravan.egress.mta-sts.trust-store", Type.TEXT, "",
            "PEM file of CA certificates that policy hosts' HTTPS certificates must chain to, in the config "
                    + "directory; empty: the JDK's CA set."),
    EGRESS_MTA_STS_PORT("caravan.egress.mta-sts.port", Type.PORT, "443",
            "TCP port policies are fetched from; RFC 8461 fixes 443, another port is for tests or a local forward."),
    EGRESS_MTA_STS_FETCH_TIMEOUT("caravan.egress.mta-sts.fetch-timeout", Type.DURATION, "60s",
            "Longest wait for a policy host to connect and to send its policy."),
    EGRESS_TLS_RPT_ENABLED("caravan.egress.tls-rpt.enabled", Type.FLAG, "true",
            "Count TLS sessions to domains with an MTA-STS policy or DANE TLSA records and send them daily TLS "
                    + "reports (RFC 8460)."),
    EGRESS_TLS_RPT_HOUR("caravan.egress.tls-rpt.hour", Type.NUMBER, "1",
            "UTC hour (0-23) from which the reports of the days before are sent."),
    EGRESS_TLS_RPT_INTERVAL("caravan.egress.tls-rpt.interval", Type.DURATION, "0s",
            "0s: one report per domain and UTC day. Otherwise report the counts so far, today's too, this often "
                    + "(tests and trials)."),
    EGRESS_TLS_RPT_SENDER("caravan.egress.tls-rpt.sender", Type.TEXT, "",
            "Envelope and From address of TLS reports; empty: tlsrpt-noreply@ and the node's SMTP host name."),
    EGRESS_TLS_RPT_ORGANIZATION("caravan.egress.tls-rpt.organization", Type.TEXT, "",
            "organization-name of TLS reports; empty: the node's SMTP host name."),
    EGRESS_TLS_RPT_CONTACT("caravan.egress.tls-rpt.contact", Type.TEXT, "",
            "contact-info of TLS reports; empty: the sender address."),
    EGRESS_CONNECT_TIMEOUT("caravan.egress.connect-timeout", Type.DURATION, "30s",
            "How long to wait for a TCP connection to an MX host before trying the next one."),
    EGRESS_MAX_DELIVERIES_PER_CONNECTION("caravan.egress.max-deliveries-per-connection", Type.COUNT, "100",
            "Messages sent over one SMTP session before it is closed; a destination's max_messages_per_connection may set fewer."),
    EGRESS_IDLE_TIMEOUT("caravan.egress.idle-timeout", Type.DURATION, "30s",
            "How long an idle SMTP session is kept open for the next message to the same host."),
    EGRESS_DELIVERY_TIMEOUT("caravan.egress.delivery-timeout", Type.DURATION, "30m",
            "Longest wait for one delivery attempt as a whole; past it the delivery goes back on its queue."),
    EGRESS_BUSY_DELAY("caravan.egress.busy-delay", Type.DURATION, "5s",
            "When a destination's connection limit is reached, the delivery waits this long on the queue."),
    EGRESS_POOL_RATE("caravan.egress.pool-rate", Type.COUNT, "50",
            "Messages per second a pool is taken to carry to a destination whose shaping sets no message_rate "
                    + "(otherwise: that rate times the pool's sources); sizes the spill-over budget."),
    EGRESS_SPILL_SHARE("caravan.egress.spill-share", Type.DECIMAL, "0.2",
            "Share of a fallback pool's own rate open to traffic shifted from a suspended pool (0 < share <= 1)."),
    EGRESS_MAX_WAIT("caravan.egress.max-wait", Type.DURATION, "15m",
            "When no source may send to a provider, the longest wait before the choice is made again."),
    RETRY_INITIAL("caravan.retry.initial", Type.DURATION, "5m", "First delay after a temporary failure."),
    RETRY_FACTOR("caravan.retry.factor", Type.DECIMAL, "2", "Growth of the delay per further failure (at least 1)."),
    RETRY_CAP("caravan.retry.cap", Type.DURATION, "4h", "Longest delay between two attempts."),
    RETRY_MAX_AGE("caravan.retry.max-age", Type.DURATION, "5d",
            "Age at which undelivered mail expires and bounces (Postfix's maximal_queue_lifetime)."),
    RETRY_JITTER("caravan.retry.jitter", Type.DECIMAL, "0.2",
            "Relative random spread of each delay, 0 to 1, so mail deferred together does not return together."),
    BOUNCE_CONSUMERS("caravan.bounce.consumers", Type.COUNT, "2",
            "Concurrent consumers of the bounce queue (delivery status notifications)."),
    BOUNCE_RETURN_LIMIT("caravan.bounce.return-limit", Type.SIZE, "50000",
            "Largest original returned whole in a DSN; a longer one comes back as its headers only."),

    CONSOLE_ENABLED("caravan.console.enabled", Type.FLAG, "true",
            "Run the management port: /health/live, /health/ready and /metrics without a login (docs/OPERATIONS.md), "
                    + "and the Hawtio console at /hawtio, which with a login starts once config/console-users has "
                    + "a user (docs/SECURITY.md). false: no port at all."),
    CONSOLE_BIND("caravan.console.bind", Type.TEXT, "127.0.0.1",
            "Address the management port listens on. Anything but loopback requires "
                    + "caravan.console.authentication=true."),
    CONSOLE_PORT("caravan.console.port", Type.PORT, "8161",
            "The management port: health, metrics, and the Hawtio console."),
    CONSOLE_AUTHENTICATION("caravan.console.authentication", Type.FLAG, "true",
            "Require a login from config/console-users (roles viewer and operator). false is allowed only with "
                    + "the console on loopback."),
    CONSOLE_HOSTS("caravan.console.hosts", Type.TEXT, "",
            "Further names the console answers to (host[,host...]), e.g. the name operators reach it by; requests "
                    + "naming any other host are refused. Its bind address (and localhost on loopback) always count."),
    CONSOLE_ALLOWED_ORIGINS("caravan.console.allowed-origins", Type.TEXT, "",
            "Browser origins (scheme://host:port,...) besides the console's own pages that may call its Jolokia; "
                    + "empty: none."),
    QUEUE_SUMMARY_INTERVAL("caravan.queue.summary-interval", Type.DURATION, "30s",
            "How often the node lists its queues for the io.caravan:type=Queues summary and the "
                    + "caravan_queue_depth and caravan_queue_oldest_seconds metrics (embedded broker only); 0 turns "
                    + "the listing off."),

    SMTP_HOSTNAME("caravan.smtp.hostname", Type.TEXT, "",
            "Our name in the SMTP banner, EHLO reply and Received headers; empty means the node name."),
    SMTP_MX_ENABLED("caravan.smtp.mx.enabled", Type.FLAG, "true",
            "Run the mx listener: mail for the accepted domains from anyone, relay only for trusted networks."),
    SMTP_MX_BIND("caravan.smtp.mx.bind", Type.TEXT, "0.0.0.0", "Address the mx listener binds."),
    SMTP_MX_PORT("caravan.smtp.mx.port", Type.PORT, "2525", "Port of the mx listener (25 in production)."),
    SMTP_SUBMISSION_ENABLED("caravan.smtp.submission.enabled", Type.FLAG, "true",
            "Run the submission listener: AUTH (after STARTTLS) required before MAIL."),
    SMTP_SUBMISSION_BIND("caravan.smtp.submission.bind", Type.TEXT, "0.0.0.0",
            "Address the submission listener binds."),
    SMTP_SUBMISSION_PORT("caravan.smtp.submission.port", Type.PORT, "2587",
            "Port of the submission listener (587 in production)."),
    SMTP_MAX_MESSAGE_SIZE("caravan.smtp.max-message-size", Type.SIZE, "50MiB",
            "SIZE announced in EHLO and enforced (552 5.3.4)."),
    SMTP_MAX_COMMAND_LINE("caravan.smtp.max-command-line", Type.COUNT, "512",
            "Longest command line in octets, CRLF included (500 5.5.6 beyond)."),
    SMTP_MAX_RECIPIENTS_PER_MESSAGE("caravan.smtp.max-recipients-per-message", Type.COUNT, "1000",
            "RCPTs per transaction before 452 4.5.3."),
    SMTP_MAX_RECIPIENTS_PER_SESSION("caravan.smtp.max-recipients-per-session", Type.COUNT, "5000",
            "RCPTs per connection before 452 4.5.3."),
    SMTP_TARPIT_AFTER_ERRORS("caravan.smtp.tarpit-after-errors", Type.COUNT, "5",
            "Erroneous commands after which every reply is delayed."),
    SMTP_TARPIT_DELAY("caravan.smtp.tarpit-delay", Type.DURATION, "2s", "Delay of each reply once tarpitted."),
    SMTP_MAX_ERRORS("caravan.smtp.max-errors", Type.COUNT, "10",
            "Erroneous commands after which the session is closed with 421 4.7.0."),
    SMTP_COMMAND_TIMEOUT("caravan.smtp.command-timeout", Type.DURATION, "300s",
            "Idle time allowed while waiting for a command (421 4.4.2 and close)."),
    SMTP_DATA_TIMEOUT("caravan.smtp.data-timeout", Type.DURATION, "600s", "Idle time allowed inside DATA or BDAT."),
    SMTP_SESSION_TIMEOUT("caravan.smtp.session-timeout", Type.DURATION, "30m",
            "Longest whole session, against slowloris clients."),
    SMTP_STARTTLS("caravan.smtp.starttls", Type.FLAG, "true", "Offer STARTTLS (TLS 1.2 and 1.3)."),
    SMTP_TLS_CERTIFICATE("caravan.smtp.tls.certificate", Type.TEXT, "",
            "PEM certificate chain for STARTTLS; empty: a self-signed one generated once into the data directory."),
    SMTP_TLS_KEY("caravan.smtp.tls.key", Type.TEXT, "", "PEM PKCS#8 private key of the certificate."),
    SMTP_CLASS_OVERRIDE_FROM_ANYONE("caravan.smtp.class-override-from-anyone", Type.FLAG, "false",
            "Keep the class override header (classes.yaml override-header) in mail from any client. Off: it is "
                    + "removed, before the message is stored, from mail of clients that neither authenticated nor "
                    + "connect from trusted-networks, so strangers cannot pick the pool their mail leaves from."),
    SMTP_WORKERS("caravan.smtp.workers", Type.COUNT, "32",
            "Threads that hand accepted messages to the broker, off the event loops; the 250 follows when the broker "
                    + "confirms the message is on disk, and the thread is free again as soon as it has sent it."),

    SMTP_AUTH_THREADS("caravan.smtp.auth.threads", Type.COUNT, "1",
            "Threads that verify AUTH passwords, shared by the listeners: an AUTH flood takes at most this many "
                    + "cores from mail."),
    SMTP_AUTH_MAX_QUEUED("caravan.smtp.auth.max-queued", Type.COUNT, "32",
            "AUTH attempts that may wait for a verifying thread; beyond it AUTH answers 454 4.7.0 at once."),
    SMTP_AUTH_CLIENT_FAILURES("caravan.smtp.auth.client-failures", Type.NUMBER, "5",
            "Failed AUTHs from one client address within the failure window after which AUTH from it answers "
                    + "454 4.7.0 for the lockout time (0 = off). Only AUTH is refused, not the session."),
    SMTP_AUTH_USER_FAILURES("caravan.smtp.auth.user-failures", Type.NUMBER, "10",
            "Failed AUTHs for one user, from any address, within the failure window after which AUTH as that user "
                    + "answers 454 4.7.0 for the lockout time (0 = off)."),
    SMTP_AUTH_FAILURE_WINDOW("caravan.smtp.auth.failure-window", Type.DURATION, "10m",
            "How far back failed AUTHs count towards the client and user limits."),
    SMTP_AUTH_LOCKOUT("caravan.smtp.auth.lockout", Type.DURATION, "15m",
            "How long a client address or user that reached its limit is refused AUTH."),
    SMTP_AUTH_MAX_TRACKED("caravan.smtp.auth.max-tracked", Type.COUNT, "10000",
            "Most client addresses, and most users, whose failures are remembered; the longest quiet goes first."),

    SMTP_GUARD_GREET_DELAY("caravan.smtp.guard.greet-delay", Type.DURATION, "1s",
            "Banner delay (the pregreet test); a client that talks before the banner is dropped with 554 (0s = off)."),
    SMTP_GUARD_MAX_CONNECTIONS_PER_CLIENT("caravan.smtp.guard.max-connections-per-client", Type.NUMBER, "10",
            "Concurrent connections one client address may hold, per listener (0 = off); over it: 421 4.7.0."),
    SMTP_GUARD_CONNECTION_RATE_PER_CLIENT("caravan.smtp.guard.connection-rate-per-client", Type.NUMBER, "60",
            "Connections one client address may open per rate window (0 = off); over it: 421 4.7.0."),
    SMTP_GUARD_MAX_CONNECTIONS("caravan.smtp.guard.max-connections", Type.NUMBER, "1000",
            "Concurrent connections per listener from everyone together (0 = off); over it: 421 4.3.2."),
    SMTP_GUARD_MESSAGE_RATE_PER_CLIENT("caravan.smtp.guard.message-rate-per-client", Type.NUMBER, "300",
            "Messages (MAIL FROM) one client address may start per rate window (0 = off); over it: 421 4.7.0."),
    SMTP_GUARD_RATE_WINDOW("caravan.smtp.guard.rate-window", Type.DURATION, "60s",
            "The time unit of the per-client connection and message rates."),
    SMTP_GUARD_IPV6_PREFIX_LENGTH("caravan.smtp.guard.ipv6-prefix-length", Type.NUMBER, "64",
            "IPv6 clients are counted per prefix of this length, so rotating addresses does not escape limits "
                    + "(also the AUTH failure limits)."),
    SMTP_GUARD_MIN_FREE_DISK("caravan.smtp.guard.min-free-disk", Type.SIZE, "1GiB",
            "Below this free space on the data directory, new mail is refused (421/452 4.3.1)."),
    SMTP_GUARD_DNSBL_FILE("caravan.smtp.guard.dnsbl-file", Type.TEXT, "dnsbl.yaml",
            "DNSBL/DNSWL sites, weights, threshold and allow list, in the config directory; "
                    + "a missing file turns scoring off."),

    ROUTES_DIR("caravan.routes.dir", Type.TEXT, "../routes",
            "Directory of the operator's YAML routes (*.camel.yaml), relative to the config directory; the default "
                    + "may be absent, a directory set here must exist."),
    SHUTDOWN_TIMEOUT("caravan.shutdown.timeout", Type.DURATION, "30s",
            "How long a graceful stop waits for in-flight SMTP transactions and stage consumers.");

    /** The kinds of value a key takes; each checks its text at startup. */
    public enum Type {
        TEXT(s -> s),
        COUNT(s -> {
            int n = Integer.parseInt(s.trim());
            if (n < 1) {
                throw new IllegalArgumentException("must be at least 1: '" + s + "'");
            }
            return n;
        }),
        NUMBER(s -> {
            int n = Integer.parseInt(s.trim());
            if (n < 0) {
                throw new IllegalArgumentException("must be 0 or more: '" + s + "'");
            }
            return n;
        }),
        PORT(s -> {
            int n = Integer.parseInt(s.trim());
            if (n < 0 || n > 65535) {
                throw new IllegalArgumentException("not a port: '" + s + "'");
            }
            return n;
        }),
        FLAG(s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not true/false: '" + s + "'");
        }),
        DECIMAL(s -> {
            double d = Double.parseDouble(s.trim());
            if (!(d >= 0)) {
                throw new IllegalArgumentException("must be 0 or more: '" + s + "'");
            }
            return d;
        }),
        DURATION(Values::duration),
        SIZE(Values::size);

        private final Function<String, Object> parser;

        Type(Function<String, Object> parser) {
            this.parser = parser;
        }

        Object parse(String text) {
            return parser.apply(text);
        }
    }

    private static final Map<String, Key> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Key::property, k -> k));

    private final String property;
    private final Type type;
    private final String defaultValue;
    private final String description;

    Key(String property, Type type, String defaultValue, String description) {
        this.property = property;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String property() {
        return property;
    }

    public Type type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The environment variable that sets this key: upper case, dots and dashes as underscores. */
    public String environmentVariable() {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static Optional<Key> byProperty(String property) {
        return Optional.ofNullable(BY_NAME.get(property));
    }
}
