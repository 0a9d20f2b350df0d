package io.caravan.ingress.session;

import io.caravan.ingress.auth.Authenticator;
import io.caravan.ingress.auth.UserStore;
import io.caravan.ingress.policy.RelayPolicy;
import io.caravan.ingress.server.SmtpServerSettings;
import io.caravan.message.QueueId;
import io.netty.handler.ssl.SslContext;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every session of one listener shares: settings, the message sink, the
 * relay policy, the users, TLS, the queue id source, the clock, the guard
 * hooks, the authenticator that checks passwords off the event loop, and the listener's metrics.
 *
 * @param sslContext null when STARTTLS is off
 */
public record ServerContext(
        SmtpServerSettings settings,
        MessageSink sink,
        RelayPolicy relayPolicy,
        Supplier<UserStore> userTable,
        SslContext sslContext,
        QueueId queueIds,
        Clock clock,
        List<SessionHook> hooks,
        Authenticator authenticator,
        IngressObserver observer) {

    public ServerContext {
        hooks = List.copyOf(hooks);
    }

    /** A context whose listener counts nothing. */
    public ServerContext(SmtpServerSettings settings, MessageSink sink, RelayPolicy relayPolicy,
                         Supplier<UserStore> userTable, SslContext sslContext, QueueId queueIds, Clock clock,
                         List<SessionHook> hooks, Authenticator authenticator) {
        this(settings, sink, relayPolicy, userTable, sslContext, queueIds, clock, hooks, authenticator,
                IngressObserver.NONE);
    }

    /** The users table in force now. */
    public UserStore users() {
        return userTable.get();
    }
}
