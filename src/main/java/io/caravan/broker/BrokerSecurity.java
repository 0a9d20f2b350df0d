package io.caravan.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may use the embedded broker once it accepts TCP clients with a login
 * ({@code caravan.broker.listen.user}): TCP clients (edges' bridges, egress
 * nodes, tools) that give the one configured user and password, and the node's
 * own stages over the in-VM acceptor, with a user of their own whose password is
 * drawn at each start and never leaves the process. Artemis caches a login by
 * user and password, so telling the two apart by their credentials alone keeps
 * a cached login from standing for another client. Whoever logs in may do
 * everything: the broker carries one gateway's mail, and every client of it is
 * part of that gateway.
 */
final class BrokerSecurity implements ActiveMQSecurityManager5 {

    /** The node's own clients, over the in-VM acceptor. */
    static final String IN_VM_USER = "caravan-node";

    private final Login tcp;
    private final Login inVm;

    BrokerSecurity(String user, String password, String inVmPassword) {
        this.tcp = new Login(user, password);
        this.inVm = new Login(IN_VM_USER, inVmPassword);
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (inVm.matches(user, password)) {
            return subject(IN_VM_USER);
        }
        return tcp.matches(user, password) ? subject(user) : null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        return subject != null && !subject.getPrincipals(UserPrincipal.class).isEmpty();
    }

    @Override
    public boolean validateUser(String user, String password) {
        return inVm.matches(user, password) || tcp.matches(user, password);
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return validateUser(user, password);
    }

    @Override
    public String getUserFromSubject(Subject subject) {
        return subject == null ? null
                : subject.getPrincipals(UserPrincipal.class).stream().findFirst().map(UserPrincipal::getName).orElse(null);
    }

    private static Subject subject(String name) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(name));
        subject.setReadOnly();
        return subject;
    }

    /** One user and password, compared in full whatever differs first, so the answer's time tells nothing. */
    private record Login(byte[] user, byte[] password) {

        Login(String user, String password) {
            this(user.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        }

        boolean matches(String user, String password) {
            if (user == null || password == null) {
                return false;
            }
            boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), this.user);
            boolean passwordOk = MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), this.password);
            return userOk & passwordOk;
        }
    }
}
