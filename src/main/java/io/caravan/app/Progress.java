package io.caravan.app;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on standard error for a queue command that acts on many messages, drawn only when a person
 * watches (a terminal) and the work is more than a moment's: a script reading standard output or a pipe
 * sees nothing of it.
 */
final class Progress implements AutoCloseable {

    /** Fewer steps than this finish before a bar would be worth drawing. */
    private static final int WORTH_A_BAR = 200;

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress of(String task, long steps) {
        if (System.console() == null || steps < WORTH_A_BAR) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build());
    }

    void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
