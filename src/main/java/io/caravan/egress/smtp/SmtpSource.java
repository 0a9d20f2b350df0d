package io.caravan.egress.smtp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The egress source a delivery goes out from: the local IP the connection binds to and the name
 * given in EHLO. The caller (shaping/pool choice) picks it; the client never picks one itself,
 * because the receiver's reputation view is per source IP and the EHLO name must match its PTR.
 */
public record SmtpSource(InetAddress bindAddress, String heloName) {

    public SmtpSource {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(heloName, "heloName");
    }
}
