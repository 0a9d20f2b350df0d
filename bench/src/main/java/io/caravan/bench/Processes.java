package io.caravan.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a process the harness started: SIGTERM, a grace period, then SIGKILL. */
final class Processes {

    private Processes() {
    }

    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
