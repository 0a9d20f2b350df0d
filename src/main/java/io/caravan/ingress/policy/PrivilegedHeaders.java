package io.caravan.ingress.policy;

import io.caravan.message.MessageBody;
import io.caravan.routing.classes.HeaderFields;
import java.io.IOException;

import java.util.List;

/**
 * Header fields that instruct Caravan rather than the recipient, such as {@code X-Caravan-Class}
 * (which picks the traffic class, and with it the source IPs whose reputation the message
 * spends). Anyone on the internet can write a header, so on the MX listener such a field from a
 * stranger would let them move their mail into the transactional pool. Only an authenticated
 * client or one in the trusted networks may set them; from anyone else they are cut out before
 * the message is stored, so no later stage can be fooled, whatever it is configured to trust.
 * Every other byte is kept (DKIM signatures that do not cover the field still hold).
 */
public final class PrivilegedHeaders {

    private final List<String> names;

    /** @param names the fields; empty when they are honoured from anyone */
    public PrivilegedHeaders(List<String> names) {
        this.names = List.copyOf(names);
    }

    /**
     * The message as it may be stored. A spooled body is changed in its header section only, which is all
     * the fields can be in: the rest stays in its spool file, unread.
     */
    public MessageBody apply(MessageBody message, boolean privileged) throws IOException {
        if (privileged || names.isEmpty()) {
            return message;
        }
        if (message instanceof MessageBody.Bytes bytes) {
            byte[] kept = apply(bytes.bytes(), false);
            return kept == bytes.bytes() ? message : new MessageBody.Bytes(kept);
        }
        MessageBody.Spooled spooled = (MessageBody.Spooled) message;
        byte[] head = spooled.head(MessageBody.HEAD_LIMIT);
        byte[] kept = apply(head, false);
        return kept == head ? message : spooled.withHead(head.length, kept);
    }

    /** The message as it may be stored: unchanged from a privileged client, else without the fields. */
    public byte[] apply(byte[] message, boolean privileged) {
        if (privileged || names.isEmpty()) {
            return message;
        }
        HeaderFields fields = HeaderFields.parse(message);
        byte[] out = message;
        for (String name : names) {
            if (fields.has(name)) {
                out = HeaderFields.remove(out, name);
            }
        }
        return out;
    }
}
