package io.caravan.ingress.session;

import java.net.InetSocketAddress;

/**
 * What a policy hook is asked at MAIL FROM or RCPT TO.
 *
 * @param verb      {@code MAIL} or {@code RCPT}
 * @param sender    the reverse path, empty for the null sender
 * @param recipient the forward path at RCPT, null at MAIL
 * @param client    the client's address
 * @param helo      the EHLO/HELO name
 * @param authUser  the authenticated user, or null
 * @param listener  the listener's name ({@code mx}, {@code submission}, or an operator's own)
 */
public record PolicyQuestion(String verb, String sender, String recipient, InetSocketAddress client, String helo,
                             String authUser, String listener) {
}
