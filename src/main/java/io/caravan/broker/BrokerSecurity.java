package io.caravan.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may use the embedded broker once it accepts TCP clients with a login
 * ({@code caravan.broker.listen.user}): the node's own stages over the in-VM
 * acceptor, and TCP clients (edges' bridges, egress nodes, tools) that give the
 * one configured user and password. Whoever logs in may do everything: the
 * broker carries one gateway's mail, and every client of it is part of that
 * gateway.
 */
final class BrokerSecurity implements ActiveMQSecurityManager5 {

    /** The name the node's own in-VM clients are known by in the broker's log and management. */
    static final String IN_VM_USER = "caravan-node";

    private final String user;
    private final byte[] password;

    BrokerSecurity(String user, String password) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(IN_VM_USER);
        }
        return matches(user, password) ? subject(this.user) : null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        return subject != null && !subject.getPrincipals(UserPrincipal.class).isEmpty();
    }

    @Override
    public boolean validateUser(String user, String password) {
        return matches(user, password);
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return matches(user, password);
    }

    @Override
    public String getUserFromSubject(Subject subject) {
        return subject == null ? null
                : subject.getPrincipals(UserPrincipal.class).stream().findFirst().map(UserPrincipal::getName).orElse(null);
    }

    /** Both compared in full whatever differs first, so the answer's time tells nothing of the password. */
    private boolean matches(String user, String password) {
        if (user == null || password == null) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                this.user.getBytes(StandardCharsets.UTF_8));
        boolean passwordOk = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), this.password);
        return userOk & passwordOk;
    }

    private static Subject subject(String name) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(name));
        subject.setReadOnly();
        return subject;
    }

}
