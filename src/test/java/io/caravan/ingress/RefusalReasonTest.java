package io.caravan.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.ingress.guard.AcceptanceGate;
import io.caravan.ingress.guard.MessageRateLimiter;
import io.caravan.ingress.protocol.ServerReplies;
import io.caravan.smtp.Reply;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which of ingress's replies refuse a message, and for what: the refusal counter's reason label. */
class RefusalReasonTest {

    static Stream<Arguments> replies() {
        AcceptanceGate noBroker = new AcceptanceGate(Path.of("."), 0, () -> false);
        AcceptanceGate noDisk = new AcceptanceGate(Path.of("."), Long.MAX_VALUE, () -> true);
        return Stream.of(
                Arguments.of(ServerReplies.RELAY_DENIED, RefusalReason.RELAY),
                Arguments.of(ServerReplies.AUTH_REQUIRED, RefusalReason.AUTH_REQUIRED),
                Arguments.of(ServerReplies.TOO_BIG, RefusalReason.SIZE),
                Arguments.of(ServerReplies.TOO_MANY_RECIPIENTS, RefusalReason.RECIPIENTS),
                Arguments.of(MessageRateLimiter.RATE_EXCEEDED, RefusalReason.RATE),
                Arguments.of(noBroker.checkAtMail().orElseThrow(), RefusalReason.BROKER),
                Arguments.of(noBroker.checkAtConnect().orElseThrow(), RefusalReason.BROKER),
                Arguments.of(noDisk.checkAtMail().orElseThrow(), RefusalReason.STORAGE),
                Arguments.of(ServerReplies.NO_STORAGE, RefusalReason.STORAGE),
                Arguments.of(ServerReplies.BARE_LINE_ENDING_DATA, RefusalReason.CONTENT),
                Arguments.of(ServerReplies.EMPTY_MESSAGE, RefusalReason.CONTENT),
                Arguments.of(ServerReplies.STORE_FAILED, RefusalReason.STORE_FAILED),
                Arguments.of(ServerReplies.SHUTTING_DOWN, RefusalReason.DRAINING),
                // no message refused: a protocol error, a failed login, a session timeout
                Arguments.of(ServerReplies.syntax("MAIL FROM:<address>"), null),
                Arguments.of(ServerReplies.NEED_MAIL, null),
                Arguments.of(ServerReplies.AUTH_FAILED, null),
                Arguments.of(ServerReplies.TIMEOUT, null),
                Arguments.of(Reply.of(452, "4.3.1", "something else entirely"), null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("replies")
    void readsTheReasonFromTheReply(Reply reply, RefusalReason reason) {
        assertEquals(reason, RefusalReason.of(reply));
    }
}
