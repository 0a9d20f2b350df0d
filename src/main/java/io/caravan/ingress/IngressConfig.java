package io.caravan.ingress;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.ingress.auth.AuthSettings;
import io.caravan.ingress.guard.DnsblConfigFile;
import io.caravan.ingress.guard.DnsblSettings;
import io.caravan.ingress.guard.GuardSettings;
import io.caravan.ingress.policy.Role;
import io.caravan.ingress.server.SmtpServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Turns the node's settings into the ingress' own settings records. */
public final class IngressConfig {

    private IngressConfig() {
    }

    /**
     * The settings of one listener: {@code mx} or {@code submission}.
     *
     * @param classOverrideHeader the class override header of classes.yaml, or null when overrides are off
     */
    public static SmtpServerSettings listener(Settings s, Role role, String classOverrideHeader) {
        boolean mx = role == Role.MX;
        String cert = s.text(Key.SMTP_TLS_CERTIFICATE);
        String key = s.text(Key.SMTP_TLS_KEY);
        return SmtpServerSettings.defaults().toBuilder()
                .name(mx ? "mx" : "submission")
                .role(role)
                .authRequired(!mx)
                .bindAddress(s.text(mx ? Key.SMTP_MX_BIND : Key.SMTP_SUBMISSION_BIND))
                .port(s.integer(mx ? Key.SMTP_MX_PORT : Key.SMTP_SUBMISSION_PORT))
                .hostname(s.smtpHostname())
                .maxMessageSize(s.size(Key.SMTP_MAX_MESSAGE_SIZE))
                .maxCommandLine(s.integer(Key.SMTP_MAX_COMMAND_LINE))
                .maxRecipientsPerMessage(s.integer(Key.SMTP_MAX_RECIPIENTS_PER_MESSAGE))
                .maxRecipientsPerSession(s.integer(Key.SMTP_MAX_RECIPIENTS_PER_SESSION))
                .tarpitAfterErrors(s.integer(Key.SMTP_TARPIT_AFTER_ERRORS))
                .tarpitDelay(s.duration(Key.SMTP_TARPIT_DELAY))
                .maxErrors(s.integer(Key.SMTP_MAX_ERRORS))
                .commandTimeout(s.duration(Key.SMTP_COMMAND_TIMEOUT))
                .dataTimeout(s.duration(Key.SMTP_DATA_TIMEOUT))
                .sessionTimeout(s.duration(Key.SMTP_SESSION_TIMEOUT))
                .shutdownGrace(s.duration(Key.SHUTDOWN_TIMEOUT))
                .starttls(s.flag(Key.SMTP_STARTTLS))
                .tlsCertificate(cert.isEmpty() ? null : s.configDir().resolve(cert))
                .tlsKey(key.isEmpty() ? null : s.configDir().resolve(key))
                .dataDir(s.dataDir())
                .configDir(s.configDir())
                .privilegedHeaders(classOverrideHeader == null || s.flag(Key.SMTP_CLASS_OVERRIDE_FROM_ANYONE)
                        ? List.of() : List.of(classOverrideHeader))
                .build();
    }

    public static GuardSettings guards(Settings s) {
        return new GuardSettings(
                s.duration(Key.SMTP_GUARD_GREET_DELAY),
                s.integer(Key.SMTP_GUARD_MAX_CONNECTIONS_PER_CLIENT),
                s.integer(Key.SMTP_GUARD_CONNECTION_RATE_PER_CLIENT),
                s.integer(Key.SMTP_GUARD_MAX_CONNECTIONS),
                s.integer(Key.SMTP_GUARD_MESSAGE_RATE_PER_CLIENT),
                s.duration(Key.SMTP_GUARD_RATE_WINDOW),
                s.integer(Key.SMTP_GUARD_IPV6_PREFIX_LENGTH),
                s.size(Key.SMTP_GUARD_MIN_FREE_DISK),
                dnsbl(s.configFile(s.text(Key.SMTP_GUARD_DNSBL_FILE))));
    }

    public static AuthSettings auth(Settings s) {
        return new AuthSettings(
                s.integer(Key.SMTP_AUTH_THREADS),
                s.integer(Key.SMTP_AUTH_MAX_QUEUED),
                s.integer(Key.SMTP_AUTH_CLIENT_FAILURES),
                s.integer(Key.SMTP_AUTH_USER_FAILURES),
                s.duration(Key.SMTP_AUTH_FAILURE_WINDOW),
                s.duration(Key.SMTP_AUTH_LOCKOUT),
                s.integer(Key.SMTP_AUTH_MAX_TRACKED),
                s.integer(Key.SMTP_GUARD_IPV6_PREFIX_LENGTH));
    }

    private static DnsblSettings dnsbl(Path file) {
        if (!Files.exists(file)) {
            return DnsblSettings.disabled();
        }
        try {
            return DnsblConfigFile.load(file);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }
}
