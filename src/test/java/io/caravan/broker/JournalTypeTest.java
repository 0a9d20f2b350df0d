package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped broker.xml asks for the ASYNCIO journal. It needs kernel AIO: the system's libaio, and Artemis'
 * wrapper on java.library.path (the build unpacks it to target/native; the tests run with that path, as
 * config/jvm.options does). With both the broker uses it; without libaio it starts anyway, on NIO.
 */
class JournalTypeTest {

    @Test
    void shippedBrokerJournalsWithKernelAioWhereTheSystemHasLibaio(@TempDir Path data) {
        assertTrue(Files.exists(Path.of("target/native/libartemis-native-64.so")), "the build did not unpack the wrapper");
        try (EmbeddedBroker broker = EmbeddedBroker.start(Path.of("config/broker.xml"), data, "")) {
            assertEquals(systemHasLibaio() ? "ASYNCIO" : "NIO", broker.journalType());
        }
    }

    /** Debian's libaio1 (libaio1t64 from trixie on): the one part the build cannot bring. */
    private static boolean systemHasLibaio() {
        return Stream.of("/lib/x86_64-linux-gnu/libaio.so.1", "/usr/lib/x86_64-linux-gnu/libaio.so.1",
                        "/usr/lib/x86_64-linux-gnu/libaio.so.1t64")
                .anyMatch(p -> Files.exists(Path.of(p)));
    }
}
