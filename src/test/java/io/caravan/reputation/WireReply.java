package io.caravan.reputation;

import io.caravan.smtp.Reply;

/** Turns a recorded wire reply ("421-4.7.28 ...\r\n421 4.7.28 ...") into a Reply, as egress would ({@link WireText}). */
final class WireReply {

    private WireReply() {
    }

    /** Parses and strips the enhanced code from every line that repeats it. */
    static Reply parse(String wire) {
        return WireText.parse(wire);
    }

    /** Parses; with {@code strip} false the enhanced code stays in the lines and is not split off. */
    static Reply parse(String wire, boolean strip) {
        return WireText.parse(wire, strip);
    }
}
