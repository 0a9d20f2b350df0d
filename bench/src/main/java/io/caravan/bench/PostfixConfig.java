package io.caravan.bench;

import java.nio.file.Path;

/**
 * The private Postfix instance's main.cf and master.cf. Durable queue as shipped (Postfix fsyncs the queue
 * file before its 250), no local delivery, everything relayed to the sink, 20 parallel deliveries. The
 * retry timers are shortened so the sink-down scenario drains within minutes instead of Postfix's default
 * 5-minute backoff; they play no part when the sink is up. Process and per-client connection limits are
 * Postfix's own defaults (100, 50) unless the idle-connection run raises them to hold its connections.
 * Tuned as an operator tunes a relay for volume, with the queue's fsync left on: no inbound flow delay
 * ({@code in_flow_delay = 0}: the SMTP server is not slowed when the queue manager is behind; the sink keeps
 * up), connections to the relay host cached and reused ({@code smtp_connection_cache_destinations}), no
 * reverse lookup of the client ({@code smtpd_peername_lookup = no}, as on a relay fed by known hosts).
 */
record PostfixConfig(int concurrency, String minimalBackoff, String maximalBackoff, String queueRunDelay,
                     int processLimit, int clientConnectionLimit) {

    static PostfixConfig defaults() {
        return new PostfixConfig(20, "10s", "20s", "10s", 100, 50);
    }

    /** Room for {@code connections} concurrent smtpd processes (plus the queue's own), none refused per client. */
    PostfixConfig holding(int connections) {
        return new PostfixConfig(concurrency, minimalBackoff, maximalBackoff, queueRunDelay,
                Math.max(processLimit, connections + 100), 0);
    }

    String mainCf(Path dir, int port, int sinkPort) {
        return String.join("\n",
                "# Private bench instance written by io.caravan.bench.PostfixConfig",
                "compatibility_level = 3.6",
                "config_directory = " + dir.resolve("etc"),
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "meta_directory = /etc/postfix",
                "maillog_file = " + dir.resolve("maillog"),
                "maillog_file_prefixes = " + dir,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = postfix.bench.test",
                "mydomain = bench.test",
                "myorigin = $myhostname",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mydestination =",
                "local_recipient_maps =",
                "local_transport = error:5.1.1 no local delivery in the bench instance",
                "alias_maps =",
                "alias_database =",
                "relayhost = [127.0.0.1]:" + sinkPort,
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "smtp_bind_address =",
                "smtp_dns_support_level = disabled",
                "smtp_tls_security_level = none",
                "smtpd_tls_security_level = none",
                "default_destination_concurrency_limit = " + concurrency,
                "smtp_destination_concurrency_limit = " + concurrency,
                "minimal_backoff_time = " + minimalBackoff,
                "maximal_backoff_time = " + maximalBackoff,
                "queue_run_delay = " + queueRunDelay,
                "default_process_limit = " + processLimit,
                "in_flow_delay = 0",
                "smtp_connection_cache_destinations = $relayhost",
                "smtpd_peername_lookup = no",
                "smtpd_client_connection_count_limit = " + clientConnectionLimit,
                "biff = no",
                "append_dot_mydomain = no",
                "");
    }

    String masterCf(int port) {
        String[] services = {
            "127.0.0.1:" + port + " inet n - n - - smtpd",
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "tlsmgr unix - - n 1000? 1 tlsmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "proxywrite unix - - n - 1 proxymap",
            "smtp unix - - n - - smtp",
            "relay unix - - n - - smtp",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "postlog unix-dgram n - n - 1 postlogd",
        };
        return "# Private bench instance: no chroot, no local delivery\n" + String.join("\n", services) + "\n";
    }
}
