package io.caravan.egress.smtp;

/**
 * Where in the SMTP dialogue an outcome was decided. The reputation classifier needs it: a 421 at
 * greeting speaks about the source IP, a 550 at RCPT about one mailbox, a 554 after DATA about
 * content.
 */
public enum Phase {
    CONNECT, GREETING, EHLO, STARTTLS, TLS, MAIL, RCPT, DATA, END_OF_DATA, RSET
}
