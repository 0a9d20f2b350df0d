package io.caravan.bench;

/** A load generator running on its own thread while a fault scenario times its fault. */
final class LoadRun {
    private final LoadGenerator gen;
    private final Thread thread;
    private volatile LoadResult result;

    private LoadRun(LoadGenerator gen) {
        this.gen = gen;
        this.thread = new Thread(() -> {
            try {
                result = gen.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-load");
    }

    static LoadRun start(LoadGenerator gen) {
        LoadRun run = new LoadRun(gen);
        run.thread.start();
        return run;
    }

    /** Waits until this many messages got their 250, or the load ended. */
    void awaitAccepted(long n) throws InterruptedException {
        while (gen.acceptedSoFar() < n && thread.isAlive()) {
            Thread.sleep(10);
        }
    }

    LoadResult await() throws InterruptedException {
        thread.join();
        return result;
    }
}
