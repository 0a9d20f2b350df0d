package io.caravan.ingress.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    @Test
    void saltedHashVerifiesOnlyTheRightPassword() {
        String a = PasswordHasher.hash("s3cret", 1000);
        String b = PasswordHasher.hash("s3cret", 1000);
        assertNotEquals(a, b, "salted");
        assertTrue(a.startsWith("{PBKDF2-SHA256}1000$"));
        assertTrue(PasswordHasher.verify("s3cret", a));
        assertFalse(PasswordHasher.verify("s3cret!", a));
    }

    @ParameterizedTest
    @CsvSource({"{SSHA512}abc", "{PBKDF2-SHA256}x$y$z", "{PBKDF2-SHA256}1000$%%$%%", "plain",
            "{PBKDF2-SHA256}0$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==", "{PBKDF2-SHA256}1000$$aGFzaA=="})
    void malformedEntriesNeverVerify(String stored) {
        assertFalse(PasswordHasher.verify("anything", stored));
    }

    @Test
    void entriesTellTheirCost() {
        assertEquals(1000, PasswordHasher.iterations(PasswordHasher.hash("pw", 1000)));
        assertEquals(-1, PasswordHasher.iterations("{PBKDF2-SHA256}x$y$z"));
        assertEquals(-1, PasswordHasher.iterations("{PBKDF2-SHA256}1000$$aGFzaA=="));
        assertEquals(-1, PasswordHasher.iterations(null));
    }

    @Test
    void userStoreReadsUserColonHash() {
        UserStore users = new UserStore(List.of("alice:" + PasswordHasher.hash("pw", 1000)));
        assertTrue(users.verify("alice", "pw"));
        assertFalse(users.verify("alice", "nope"));
        assertFalse(users.verify("bob", "pw"));
        assertEquals(false, users.isEmpty());
    }
}
