package io.caravan.app;

import io.caravan.config.UserFile;
import io.caravan.console.ConsoleRole;
import io.caravan.console.ConsoleUsers;
import io.caravan.ingress.auth.PasswordHasher;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code caravan user add}: puts a user with a hashed password into the SMTP or the console users file. */
@Command(name = "user", description = "Manage the users of SMTP AUTH and of the console.",
        subcommands = UserCommand.Add.class, mixinStandardHelpOptions = true)
public final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user, or give an existing one a new password (and role). The password is read "
                    + "twice from the terminal, or once from standard input with --password-stdin.")
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--smtp", paramLabel = "NAME", description = "A user of SMTP AUTH (config/users).")
            String smtp;

            @Option(names = "--console", paramLabel = "NAME",
                    description = "A user of the console (config/" + ConsoleUsers.FILE + ").")
            String console;
        }

        @Option(names = "--role", paramLabel = "ROLE", description = "The console user's role: viewer or operator.")
        String role;

        @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
                description = "Configuration directory (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            ConsoleRole consoleRole = null;
            if (which.console != null) {
                if (role == null) {
                    return fail("a console user needs --role viewer or --role operator");
                }
                consoleRole = ConsoleRole.parse(role).orElse(null);
                if (consoleRole == null) {
                    return fail("--role is viewer or operator, not '" + role + "'");
                }
            } else if (role != null) {
                return fail("--role is for console users; SMTP users have none");
            }
            String password = passwordStdin ? fromStdin() : fromTerminal();
            if (password == null) {
                return 1;
            }
            if (password.isEmpty()) {
                return fail("the password is empty");
            }
            String hash = PasswordHasher.hash(password);
            Path file;
            if (consoleRole != null) {
                file = config.resolve(ConsoleUsers.FILE);
                UserFile.put(file, which.console, consoleRole.label() + ":" + hash);
            } else {
                file = config.resolve("users");
                UserFile.put(file, which.smtp, hash);
            }
            spec.commandLine().getOut().println("caravan: " + (which.console != null ? which.console : which.smtp)
                    + " is in " + file + (consoleRole != null ? " (restart to start a console that was off)" : ""));
            return 0;
        }

        private String fromStdin() throws IOException {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        }

        private String fromTerminal() {
            Console terminal = System.console();
            if (terminal == null) {
                fail("no terminal to read the password from; use --password-stdin");
                return null;
            }
            char[] first = terminal.readPassword("password: ");
            char[] second = terminal.readPassword("again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                fail("the two passwords differ");
                return null;
            }
            return new String(first);
        }

        private int fail(String message) {
            spec.commandLine().getErr().println("caravan: " + message);
            return 2;
        }
    }
}
