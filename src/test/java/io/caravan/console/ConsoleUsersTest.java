package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.ingress.auth.PasswordHasher;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleUsersTest {

    private static final String OTTO = "otto:operator:" + PasswordHasher.hash("otto-pass", 1000);

    @Test
    void aRightPasswordGivesTheRole() {
        ConsoleUsers users = new ConsoleUsers(List.of(OTTO, "vera:viewer:" + PasswordHasher.hash("v", 1000)));
        assertEquals(Optional.of(ConsoleRole.OPERATOR), users.login("otto", "otto-pass"));
        assertEquals(Optional.of(ConsoleRole.VIEWER), users.login("vera", "v"));
        assertEquals(Optional.empty(), users.login("otto", "v"));
        assertEquals(Optional.empty(), users.login("nobody", "otto-pass"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"otto", "otto:operator", "otto:admin:{PBKDF2-SHA256}1$a$b", "otto:viewer:plain-password",
        ":viewer:{PBKDF2-SHA256}1$a$b"})
    void aBadLineIsRefusedWithoutShowingTheHash(String line) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConsoleUsers(List.of(line)));
        assertTrue(e.getMessage().startsWith(ConsoleUsers.FILE + ":"), e.getMessage());
        assertTrue(!e.getMessage().contains("plain-password"), e.getMessage());
    }
}
