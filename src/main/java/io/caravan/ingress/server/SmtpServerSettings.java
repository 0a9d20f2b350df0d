package io.caravan.ingress.server;

import io.caravan.ingress.policy.Role;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one SMTP listener is configured with; {@link #defaults()} gives
 * the documented defaults, and the {@code with...} methods change one knob.
 *
 * @param name                     listener name, used in logs and thread names (default {@code mx})
 * @param role                     {@code MX} or {@code SUBMISSION} (default MX)
 * @param bindAddress              address to listen on (default {@code 0.0.0.0})
 * @param port                     TCP port (default 25; 0 picks a free port)
 * @param hostname                 our name in the greeting, EHLO and Received (default: $HOSTNAME, else localhost)
 * @param maxMessageSize           SIZE announced and enforced, octets (default 50 MiB)
 * @param maxCommandLine           longest command line incl. CRLF (default 512, RFC 5321 §4.5.3.1.4)
 * @param maxTextLine              longest DATA text line without CRLF (default 998, RFC 5322 §2.1.1)
 * @param maxRecipientsPerMessage  RCPTs per transaction before 452 4.5.3 (default 1000)
 * @param maxRecipientsPerSession  RCPTs per connection before 452 4.5.3 (default 5000)
 * @param tarpitAfterErrors        errors after which every reply is delayed (default 5)
 * @param tarpitDelay              delay of each reply once tarpitted (default 2 s)
 * @param maxErrors                errors after which the session is closed with 421 4.7.0 (default 10)
 * @param commandTimeout           idle time waiting for a command (default 300 s, RFC 5321 §4.5.3.2.7)
 * @param dataTimeout              idle time inside DATA/BDAT (default 600 s)
 * @param sessionTimeout           whole session limit against slowloris (default 30 min)
 * @param shutdownGrace            how long a graceful stop waits for transactions in DATA (default 30 s)
 * @param tlsCertificate           PEM certificate chain, or null for a self-signed one in {@code dataDir}
 * @param tlsKey                   PEM PKCS#8 private key, or null
 * @param dataDir                  where a generated self-signed certificate is kept (default {@code data})
 * @param configDir                directory holding {@code accepted-domains}, {@code trusted-networks}, {@code users} (default {@code config})
 * @param starttls                 whether STARTTLS is offered (default true)
 * @param authRequired             whether MAIL needs AUTH first (default: true for SUBMISSION, false for MX)
 * @param privilegedHeaders        header fields that instruct Caravan itself (the class override), honoured only
 *                                 from authenticated or trusted clients and removed from anyone else's message
 *                                 before it is stored (default {@code X-Caravan-Class}; empty: kept from anyone)
 */
public record SmtpServerSettings(
        String name,
        Role role,
        String bindAddress,
        int port,
        String hostname,
        long maxMessageSize,
        int maxCommandLine,
        int maxTextLine,
        int maxRecipientsPerMessage,
        int maxRecipientsPerSession,
        int tarpitAfterErrors,
        Duration tarpitDelay,
        int maxErrors,
        Duration commandTimeout,
        Duration dataTimeout,
        Duration sessionTimeout,
        Duration shutdownGrace,
        Path tlsCertificate,
        Path tlsKey,
        Path dataDir,
        Path configDir,
        boolean starttls,
        boolean authRequired,
        List<String> privilegedHeaders) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 50L * 1024 * 1024;
    public static final String DEFAULT_CLASS_OVERRIDE_HEADER = "X-Caravan-Class";

    public SmtpServerSettings {
        if (maxCommandLine < 512) {
            throw new IllegalArgumentException("maxCommandLine below RFC 5321's 512: " + maxCommandLine);
        }
        if (maxTextLine < 998) {
            throw new IllegalArgumentException("maxTextLine below RFC 5322's 998: " + maxTextLine);
        }
        if (maxMessageSize <= 0 || maxRecipientsPerMessage < 1 || maxRecipientsPerSession < 1 || maxErrors < 1
                || port < 0 || port > 65535) {
            throw new IllegalArgumentException("limits must be positive and the port in 0..65535");
        }
        if (hostname == null || hostname.isBlank() || name == null || role == null) {
            throw new IllegalArgumentException("name, role and hostname are required");
        }
        privilegedHeaders = privilegedHeaders == null ? List.of() : List.copyOf(privilegedHeaders);
    }

    public static SmtpServerSettings defaults() {
        return new SmtpServerSettings("mx", Role.MX, "0.0.0.0", 25, localHostname(),
                DEFAULT_MAX_MESSAGE_SIZE, 512, 998, 1000, 5000, 5, Duration.ofSeconds(2), 10,
                Duration.ofSeconds(300), Duration.ofSeconds(600), Duration.ofMinutes(30), Duration.ofSeconds(30),
                null, null, Path.of("data"), Path.of("config"), true, false, List.of(DEFAULT_CLASS_OVERRIDE_HEADER));
    }

    /** The HOSTNAME environment variable, else {@code localhost}; no DNS lookup (set it explicitly in production). */
    public static String localHostname() {
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env.trim();
    }

    public SmtpServerSettings withName(String v) {
        return new Builder(this).name(v).build();
    }

    public SmtpServerSettings withRole(Role v) {
        return new Builder(this).role(v).authRequired(v == Role.SUBMISSION).build();
    }

    public SmtpServerSettings withPort(int v) {
        return new Builder(this).port(v).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes several knobs at once. */
    public static final class Builder {
        private String name;
        private Role role;
        private String bindAddress;
        private int port;
        private String hostname;
        private long maxMessageSize;
        private int maxCommandLine;
        private int maxTextLine;
        private int maxRecipientsPerMessage;
        private int maxRecipientsPerSession;
        private int tarpitAfterErrors;
        private Duration tarpitDelay;
        private int maxErrors;
        private Duration commandTimeout;
        private Duration dataTimeout;
        private Duration sessionTimeout;
        private Duration shutdownGrace;
        private Path tlsCertificate;
        private Path tlsKey;
        private Path dataDir;
        private Path configDir;
        private boolean starttls;
        private boolean authRequired;
        private List<String> privilegedHeaders;

        public Builder(SmtpServerSettings s) {
            name = s.name; role = s.role; bindAddress = s.bindAddress; port = s.port; hostname = s.hostname;
            maxMessageSize = s.maxMessageSize; maxCommandLine = s.maxCommandLine; maxTextLine = s.maxTextLine;
            maxRecipientsPerMessage = s.maxRecipientsPerMessage; maxRecipientsPerSession = s.maxRecipientsPerSession;
            tarpitAfterErrors = s.tarpitAfterErrors; tarpitDelay = s.tarpitDelay; maxErrors = s.maxErrors;
            commandTimeout = s.commandTimeout; dataTimeout = s.dataTimeout; sessionTimeout = s.sessionTimeout;
            shutdownGrace = s.shutdownGrace; tlsCertificate = s.tlsCertificate; tlsKey = s.tlsKey;
            dataDir = s.dataDir; configDir = s.configDir; starttls = s.starttls; authRequired = s.authRequired;
            privilegedHeaders = s.privilegedHeaders;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder role(Role v) { role = v; return this; }
        public Builder bindAddress(String v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder maxMessageSize(long v) { maxMessageSize = v; return this; }
        public Builder maxCommandLine(int v) { maxCommandLine = v; return this; }
        public Builder maxTextLine(int v) { maxTextLine = v; return this; }
        public Builder maxRecipientsPerMessage(int v) { maxRecipientsPerMessage = v; return this; }
        public Builder maxRecipientsPerSession(int v) { maxRecipientsPerSession = v; return this; }
        public Builder tarpitAfterErrors(int v) { tarpitAfterErrors = v; return this; }
        public Builder tarpitDelay(Duration v) { tarpitDelay = v; return this; }
        public Builder maxErrors(int v) { maxErrors = v; return this; }
        public Builder commandTimeout(Duration v) { commandTimeout = v; return this; }
        public Builder dataTimeout(Duration v) { dataTimeout = v; return this; }
        public Builder sessionTimeout(Duration v) { sessionTimeout = v; return this; }
        public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }
        public Builder tlsCertificate(Path v) { tlsCertificate = v; return this; }
        public Builder tlsKey(Path v) { tlsKey = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder configDir(Path v) { configDir = v; return this; }
        public Builder starttls(boolean v) { starttls = v; return this; }
        public Builder authRequired(boolean v) { authRequired = v; return this; }
        public Builder privilegedHeaders(List<String> v) { privilegedHeaders = v; return this; }

        public SmtpServerSettings build() {
            return new SmtpServerSettings(name, role, bindAddress, port, hostname, maxMessageSize, maxCommandLine,
                    maxTextLine, maxRecipientsPerMessage, maxRecipientsPerSession, tarpitAfterErrors, tarpitDelay,
                    maxErrors, commandTimeout, dataTimeout, sessionTimeout, shutdownGrace, tlsCertificate, tlsKey,
                    dataDir, configDir, starttls, authRequired, privilegedHeaders);
        }
    }
}
