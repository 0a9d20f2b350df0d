package io.caravan.bench;

/** The ceiling: the same load straight into the sink, i.e. what the client and the sink can do alone. */
final class CeilingTarget implements Target {
    private int port;

    @Override
    public String name() {
        return "ceiling";
    }

    @Override
    public String start(int sinkPort) {
        this.port = sinkPort;
        return null;
    }

    @Override
    public int smtpPort() {
        return port;
    }

    @Override
    public Long pid() {
        return null;
    }

    @Override
    public void kill9() {
        throw new UnsupportedOperationException("the ceiling has no process of its own");
    }

    @Override
    public String restart() {
        return null;
    }

    @Override
    public void close() {
    }
}
