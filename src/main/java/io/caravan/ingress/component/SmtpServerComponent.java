package io.caravan.ingress.component;

import io.caravan.ingress.auth.AuthSettings;
import io.caravan.config.Key;
import io.caravan.config.Values;
import io.caravan.ingress.auth.Authenticator;
import io.caravan.ingress.session.IngressObserver;
import io.caravan.ingress.policy.IngressTables;
import java.nio.file.Path;
import io.caravan.ingress.session.SessionHook;
import io.netty.channel.ChannelHandler;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code smtp-server} Camel component: {@code smtp-server:<name>?options}
 * runs an SMTP listener whose accepted messages become exchanges. The name
 * is the listener name; it also picks the role when it is {@code mx} or
 * {@code submission} and no {@code role} option is given.
 *
 * <p>Connection guards (Netty handlers placed first in each pipeline),
 * session hooks, the authenticator and the policy tables are set on the
 * component, so every listener shares them.
 */
public class SmtpServerComponent extends DefaultComponent {

    private List<Supplier<ChannelHandler>> guards = List.of();
    private List<SessionHook> hooks = List.of();
    private Authenticator authenticator;
    private IngressObserver.Factory observers = IngressObserver.Factory.NONE;
    private IngressTables tables;

    public List<Supplier<ChannelHandler>> getGuards() {
        return guards;
    }

    public void setGuards(List<Supplier<ChannelHandler>> guards) {
        this.guards = List.copyOf(guards);
    }

    public List<SessionHook> getHooks() {
        return hooks;
    }

    public void setHooks(List<SessionHook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /** The one set on the component, else one with the default settings, made once. */
    public synchronized Authenticator getAuthenticator() {
        if (authenticator == null) {
            authenticator = new Authenticator(AuthSettings.defaults(), Clock.systemUTC());
        }
        return authenticator;
    }

    public synchronized void setAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The node's metrics for each listener; none unless set. */
    public synchronized IngressObserver.Factory getObservers() {
        return observers;
    }

    public synchronized void setObservers(IngressObserver.Factory observers) {
        this.observers = observers;
    }

    /**
     * The node's tables set on the component, else ones read from the listener's config directory with the
     * default check interval, made once.
     */
    public synchronized IngressTables getTables(Path configDir) {
        if (tables == null) {
            tables = new IngressTables(configDir, Values.duration(Key.CONFIG_CHECK_INTERVAL.defaultValue()), Clock.systemUTC());
        }
        return tables;
    }

    public synchronized void setTables(IngressTables tables) {
        this.tables = tables;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SmtpServerEndpoint endpoint = new SmtpServerEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
