package io.caravan;

import io.caravan.app.Cli;
import io.caravan.app.Gateway;
import io.caravan.config.ConfigException;
import io.caravan.config.Settings;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/**
 * {@code java -jar caravan.jar [--config DIR] [--data DIR]}: runs one gateway node until SIGTERM;
 * {@code java -jar caravan.jar user add ...} manages the users files ({@link io.caravan.app.UserCommand}).
 */
public final class Caravan {

    static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private Caravan() {
    }

    public static void main(String[] args) {
        // The JDK's TLS has no per-engine switch for it: a client may renegotiate a TLS 1.2 session as often
        // as it likes, each time costing the node a full handshake, unless this is set before the first one.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
        Cli cli = new Cli();
        CommandLine commandLine = new CommandLine(cli);
        try {
            if (commandLine.parseArgs(args).hasSubcommand()) {
                System.exit(commandLine.execute(args));
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println("caravan: " + e.getMessage());
            System.exit(2);
        }
        if (commandLine.isUsageHelpRequested() || commandLine.isVersionHelpRequested()) {
            commandLine.printVersionHelp(System.out);
            commandLine.usage(System.out);
            return;
        }
        Gateway gateway;
        try {
            gateway = new Gateway(Settings.load(cli.config(), cli.data()));
        } catch (ConfigException e) {
            System.err.println("caravan: " + e.getMessage());
            System.exit(1);
            return;
        }
        // registered before start, so a SIGTERM during start still stops what started
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "caravan-shutdown"));
        try {
            gateway.start();
        } catch (ConfigException e) {
            System.err.println("caravan: " + e.getMessage());
            System.exit(1);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
