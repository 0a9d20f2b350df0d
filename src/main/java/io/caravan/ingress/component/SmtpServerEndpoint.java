package io.caravan.ingress.component;

import io.caravan.ingress.policy.Role;
import io.caravan.ingress.server.SmtpServerSettings;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.support.DefaultEndpoint;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An SMTP listener as a consumer-only endpoint. Options map one to one onto
 * {@link SmtpServerSettings}; unset options keep the settings' defaults, and
 * a complete settings object can be given instead with
 * {@code settings=#beanName}. Durations are in seconds.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "smtp-server", title = "Caravan SMTP server",
        syntax = "smtp-server:name", consumerOnly = true, category = {Category.MAIL})
public class SmtpServerEndpoint extends DefaultEndpoint {

    private final String name;
    private SmtpServerSettings settings;
    /** Threads that run the route for accepted messages (the broker commit), off the Netty event loop. */
    private int workers = 32;
    private String role;
    private String host;
    private Integer port;
    private String hostname;
    private Long maxMessageSize;
    private Integer maxCommandLine;
    private Integer maxRecipientsPerMessage;
    private Integer maxRecipientsPerSession;
    private Integer tarpitAfterErrors;
    private Integer maxErrors;
    private Long commandTimeout;
    private Long dataTimeout;
    private Long sessionTimeout;
    private String tlsCertificate;
    private String tlsKey;
    private String dataDir;
    private String configDir;
    private Boolean starttls;
    private Boolean authRequired;

    public SmtpServerEndpoint(String uri, SmtpServerComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("smtp-server is consumer only; use an SMTP client to send");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SmtpServerConsumer consumer = new SmtpServerConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The listener settings: the given settings bean or the defaults, with every set option applied. */
    public SmtpServerSettings resolveSettings() {
        SmtpServerSettings base = settings != null ? settings : SmtpServerSettings.defaults().withName(name);
        if (settings == null && role == null && (name.equalsIgnoreCase("submission") || name.equalsIgnoreCase("mx"))) {
            base = base.withRole(Role.parse(name));
        }
        if (role != null) {
            base = base.withRole(Role.parse(role));
        }
        SmtpServerSettings.Builder b = base.toBuilder();
        if (host != null) b.bindAddress(host);
        if (port != null) b.port(port);
        if (hostname != null) b.hostname(hostname);
        if (maxMessageSize != null) b.maxMessageSize(maxMessageSize);
        if (maxCommandLine != null) b.maxCommandLine(maxCommandLine);
        if (maxRecipientsPerMessage != null) b.maxRecipientsPerMessage(maxRecipientsPerMessage);
        if (maxRecipientsPerSession != null) b.maxRecipientsPerSession(maxRecipientsPerSession);
        if (tarpitAfterErrors != null) b.tarpitAfterErrors(tarpitAfterErrors);
        if (maxErrors != null) b.maxErrors(maxErrors);
        if (commandTimeout != null) b.commandTimeout(Duration.ofSeconds(commandTimeout));
        if (dataTimeout != null) b.dataTimeout(Duration.ofSeconds(dataTimeout));
        if (sessionTimeout != null) b.sessionTimeout(Duration.ofSeconds(sessionTimeout));
        if (tlsCertificate != null) b.tlsCertificate(Path.of(tlsCertificate));
        if (tlsKey != null) b.tlsKey(Path.of(tlsKey));
        if (dataDir != null) b.dataDir(Path.of(dataDir));
        if (configDir != null) b.configDir(Path.of(configDir));
        if (starttls != null) b.starttls(starttls);
        if (authRequired != null) b.authRequired(authRequired);
        return b.build();
    }

    public String getName() { return name; }
    public int getWorkers() { return workers; }
    public void setWorkers(int workers) { this.workers = workers; }
    public SmtpServerSettings getSettings() { return settings; }
    public void setSettings(SmtpServerSettings settings) { this.settings = settings; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getHostname() { return hostname; }
    public void setHostname(String hostname) { this.hostname = hostname; }
    public Long getMaxMessageSize() { return maxMessageSize; }
    public void setMaxMessageSize(Long v) { this.maxMessageSize = v; }
    public Integer getMaxCommandLine() { return maxCommandLine; }
    public void setMaxCommandLine(Integer v) { this.maxCommandLine = v; }
    public Integer getMaxRecipientsPerMessage() { return maxRecipientsPerMessage; }
    public void setMaxRecipientsPerMessage(Integer v) { this.maxRecipientsPerMessage = v; }
    public Integer getMaxRecipientsPerSession() { return maxRecipientsPerSession; }
    public void setMaxRecipientsPerSession(Integer v) { this.maxRecipientsPerSession = v; }
    public Integer getTarpitAfterErrors() { return tarpitAfterErrors; }
    public void setTarpitAfterErrors(Integer v) { this.tarpitAfterErrors = v; }
    public Integer getMaxErrors() { return maxErrors; }
    public void setMaxErrors(Integer v) { this.maxErrors = v; }
    public Long getCommandTimeout() { return commandTimeout; }
    public void setCommandTimeout(Long v) { this.commandTimeout = v; }
    public Long getDataTimeout() { return dataTimeout; }
    public void setDataTimeout(Long v) { this.dataTimeout = v; }
    public Long getSessionTimeout() { return sessionTimeout; }
    public void setSessionTimeout(Long v) { this.sessionTimeout = v; }
    public String getTlsCertificate() { return tlsCertificate; }
    public void setTlsCertificate(String v) { this.tlsCertificate = v; }
    public String getTlsKey() { return tlsKey; }
    public void setTlsKey(String v) { this.tlsKey = v; }
    public String getDataDir() { return dataDir; }
    public void setDataDir(String v) { this.dataDir = v; }
    public String getConfigDir() { return configDir; }
    public void setConfigDir(String v) { this.configDir = v; }
    public Boolean getStarttls() { return starttls; }
    public void setStarttls(Boolean v) { this.starttls = v; }
    public Boolean getAuthRequired() { return authRequired; }
    public void setAuthRequired(Boolean v) { this.authRequired = v; }
}
