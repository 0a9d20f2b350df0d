package io.caravan.bench;

import picocli.CommandLine.Option;

/** The shape of the load, shared by the commands that send it: how many connections, how big a message. */
final class LoadOptions {

    @Option(names = "--connections", description = "Concurrent client connections (default ${DEFAULT-VALUE}).")
    int connections = LoadSpec.DEFAULT_CONNECTIONS;

    @Option(names = "--size", description = "Message size in bytes (default ${DEFAULT-VALUE}).")
    int size = LoadSpec.DEFAULT_SIZE;
}
