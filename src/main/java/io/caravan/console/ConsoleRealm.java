package io.caravan.console;

import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;

/**
 * The JAAS configuration that gives Hawtio's login realm to {@link ConsoleLoginModule}, installed in code so
 * an operator needs no {@code -Djava.security.auth.login.config} file. Other realms are answered by the
 * configuration that was there before, if any.
 */
final class ConsoleRealm extends Configuration {

    private final String realm;
    private final AppConfigurationEntry[] entries;
    private final Configuration previous;

    private ConsoleRealm(String realm, Path users, Configuration previous) {
        this.realm = realm;
        this.entries = new AppConfigurationEntry[] {new AppConfigurationEntry(ConsoleLoginModule.class.getName(),
                LoginModuleControlFlag.REQUIRED, Map.of(ConsoleLoginModule.FILE_OPTION, users.toString()))};
        this.previous = previous;
    }

    static synchronized void install(String realm, Path users) {
        Configuration previous = current();
        if (previous instanceof ConsoleRealm mine) {
            previous = mine.previous;
        }
        Configuration.setConfiguration(new ConsoleRealm(realm, users.toAbsolutePath(), previous));
    }

    private static Configuration current() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException e) {
            return null; // no JAAS file configured: this realm is the only one
        }
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        if (realm.equals(name)) {
            return entries.clone();
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }
}
