package io.caravan.ingress;

import io.caravan.config.Key;
import io.caravan.config.Settings;
import io.caravan.ingress.auth.Authenticator;
import io.caravan.ingress.policy.IngressTables;
import io.caravan.ingress.component.SmtpServerComponent;
import io.caravan.ingress.guard.AcceptanceGate;
import io.caravan.ingress.guard.IngressGuards;
import io.caravan.ingress.session.IngressObserver;
import io.caravan.ingress.session.SessionHook;
import io.caravan.ingress.policy.Role;
import io.caravan.ingress.server.SmtpServerSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Everything the ingress stage needs at start: the enabled listeners with
 * their settings, one set of edge guards shared by them (limits count per
 * client across both listeners), one authenticator shared by them (so are
 * its bounds and failure counts), and the routes.
 */
public final class IngressStage {

    private final List<SmtpServerSettings> listeners = new ArrayList<>();
    private final IngressGuards guards;
    private final Authenticator authenticator;
    private final IngressTables tables;
    private final int workers;
    private IngressObserver.Factory observers = IngressObserver.Factory.NONE;
    private SessionHook extraHook;

    /** @param classOverrideHeader the class override header of classes.yaml, or null when overrides are off */
    public IngressStage(Settings settings, String classOverrideHeader, BooleanSupplier brokerAvailable, Clock clock) {
        if (settings.flag(Key.SMTP_MX_ENABLED)) {
            listeners.add(IngressConfig.listener(settings, Role.MX, classOverrideHeader));
        }
        if (settings.flag(Key.SMTP_SUBMISSION_ENABLED)) {
            listeners.add(IngressConfig.listener(settings, Role.SUBMISSION, classOverrideHeader));
        }
        guards = IngressGuards.create(IngressConfig.guards(settings), settings.dataDir(), brokerAvailable, clock);
        authenticator = new Authenticator(IngressConfig.auth(settings), clock);
        tables = new IngressTables(settings.configDir(), settings.duration(Key.CONFIG_CHECK_INTERVAL), clock);
        workers = settings.integer(Key.SMTP_WORKERS);
    }

    public List<SmtpServerSettings> listeners() {
        return listeners;
    }

    /** The gate that refuses mail when the broker or the disk cannot take it; readiness asks it too. */
    public AcceptanceGate gate() {
        return guards.gate();
    }

    /** Every listener tells {@code observers} what it accepts and refuses (the node's metrics). */
    public IngressStage observedBy(IngressObserver.Factory observers) {
        this.observers = observers;
        return this;
    }

    /** Every listener also asks {@code hook} (e.g. the suppression list at RCPT of relayed mail). */
    public IngressStage hookedBy(SessionHook hook) {
        this.extraHook = hook;
        return this;
    }

    /** Binds the component and the listener settings under the names the routes use. */
    public void bind(BiConsumer<String, Object> registry) {
        SmtpServerComponent component = new SmtpServerComponent();
        component.setGuards(guards.handlers());
        component.setHooks(extraHook == null ? List.of(new GuardHook(guards))
                : List.of(new GuardHook(guards), extraHook));
        component.setAuthenticator(authenticator);
        component.setTables(tables);
        component.setObservers(observers);
        registry.accept("smtp-server", component);
        for (SmtpServerSettings listener : listeners) {
            registry.accept(IngressRoutes.beanName(listener), listener);
        }
    }

    /** @param store where accepted messages go (see {@link IngressRoutes}) */
    public IngressRoutes routes(String store) {
        return new IngressRoutes(listeners, workers, store);
    }
}
