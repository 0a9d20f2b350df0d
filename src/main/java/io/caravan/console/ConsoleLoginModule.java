package io.caravan.console;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The JAAS login of the console's realm: Hawtio asks it for every login and every Basic-authenticated
 * Jolokia request. It reads {@code config/console-users} again whenever the file changed, so a user added with
 * the CLI can log in without a restart, and a removed one cannot.
 */
public final class ConsoleLoginModule implements LoginModule {

    /** The JAAS option naming the users file. */
    public static final String FILE_OPTION = "file";

    private Subject subject;
    private CallbackHandler callbacks;
    private Path file;
    private UserPrincipal user;
    private RolePrincipal role;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.file = Path.of(String.valueOf(options.get(FILE_OPTION)));
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("console login: " + e.getMessage());
        }
        String userName = name.getName() == null ? "" : name.getName();
        char[] secret = password.getPassword();
        Optional<ConsoleRole> granted;
        try {
            granted = ConsoleUsers.current(file).login(userName, secret == null ? "" : new String(secret));
        } catch (RuntimeException e) {
            throw new LoginException("console login: " + e.getMessage());
        } finally {
            password.clearPassword();
        }
        if (granted.isEmpty()) {
            throw new FailedLoginException("console login refused for " + userName);
        }
        user = new UserPrincipal(userName);
        role = RolePrincipal.of(granted.get());
        return true;
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        subject.getPrincipals().add(user);
        subject.getPrincipals().add(role);
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        role = null;
        return true;
    }

    @Override
    public boolean logout() {
        if (user != null) {
            subject.getPrincipals().remove(user);
            subject.getPrincipals().remove(role);
        }
        return abort();
    }
}
