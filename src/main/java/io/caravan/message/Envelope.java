package io.caravan.message;

import java.time.Instant;
import java.util.List;

/**
 * The SMTP envelope of one accepted message and what ingress learned about
 * its client. It travels beside the message bytes through every stage queue
 * (as JSON in the {@link Headers#ENVELOPE} header), so a later stage never
 * needs to re-parse the message to know who it is from and for.
 *
 * @param queueId     unique, time-sortable id given at acceptance
 * @param mailFrom    the reverse path without angle brackets; empty for the null sender
 * @param recipients  accepted recipients, in RCPT order
 * @param ret         RFC 3461 RET (FULL or HDRS), or null
 * @param envid       RFC 3461 ENVID, or null
 * @param smtputf8    the client asked for SMTPUTF8
 * @param authUser    the authenticated user, or null
 * @param clientAddress the client's IP address
 * @param clientHelo  the name the client gave in EHLO/HELO
 * @param receivedAt  when the message was accepted
 * @param requireTls  the client gave REQUIRETLS on MAIL (RFC 8689): every hop must be over verified TLS
 */
public record Envelope(
        String queueId,
        String mailFrom,
        List<Recipient> recipients,
        String ret,
        String envid,
        boolean smtputf8,
        String authUser,
        String clientAddress,
        String clientHelo,
        Instant receivedAt,
        boolean requireTls) {

    public Envelope {
        mailFrom = mailFrom == null ? "" : mailFrom;
        recipients = List.copyOf(recipients);
    }

    /** An envelope without REQUIRETLS. */
    public Envelope(String queueId, String mailFrom, List<Recipient> recipients, String ret, String envid,
                    boolean smtputf8, String authUser, String clientAddress, String clientHelo, Instant receivedAt) {
        this(queueId, mailFrom, recipients, ret, envid, smtputf8, authUser, clientAddress, clientHelo, receivedAt,
                false);
    }

    /** The null reverse path (RFC 5321 §4.5.5): never send a bounce to it. */
    public boolean nullSender() {
        return mailFrom.isEmpty();
    }

    public Envelope withRecipients(List<Recipient> only) {
        return new Envelope(queueId, mailFrom, only, ret, envid, smtputf8, authUser,
                clientAddress, clientHelo, receivedAt, requireTls);
    }
}
