package io.caravan.routing.classes;

/**
 * What the class rules look at for one message (and, when rules match on it, one recipient domain).
 *
 * @param sender          the envelope sender; empty for the null reverse path
 * @param authUser        the authenticated user, or null
 * @param recipientDomain the recipient domain, or null to classify the message as a whole
 * @param headers         the message's header fields
 */
public record ClassInput(String sender, String authUser, String recipientDomain, HeaderFields headers) {

    public ClassInput {
        sender = sender == null ? "" : sender;
    }
}
