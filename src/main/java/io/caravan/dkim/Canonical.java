package io.caravan.dkim;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The "relaxed" canonicalisations of RFC 6376 §3.4.2 and §3.4.4, the only ones Caravan signs with: they
 * survive the rewrapping and whitespace changes that relays make, which "simple" does not.
 */
final class Canonical {

    private Canonical() {
    }

    /**
     * One header field, relaxed: name in lower case, unfolded, runs of whitespace made one space,
     * whitespace around the colon and at the end removed, then CRLF. {@code field} is the raw field
     * (name, colon, value, with its folding, without the final CRLF) as ISO-8859-1 characters, so each
     * octet of an 8-bit header stays one char.
     */
    static String header(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        StringBuilder value = new StringBuilder(field.length());
        boolean space = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') {
                continue; // unfolding: the CRLF goes, the whitespace after it stays
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && value.length() > 0) {
                value.append(' ');
            }
            space = false;
            value.append(c);
        }
        return name + ":" + value + "\r\n";
    }

    /**
     * The body, relaxed, written through to {@code out} as it streams in: whitespace runs within a line
     * become one space, whitespace at line ends goes, empty lines at the end go, and a body that does not
     * end in CRLF gets one (an empty body stays empty). Only CRLF ends a line.
     */
    static final class Body extends OutputStream {
        private final OutputStream out;
        private boolean space;          // whitespace seen and not yet written
        private boolean cr;             // a CR seen, not yet known to start a CRLF
        private long emptyLines;        // CRLFs held back: they are written only when more content follows
        private boolean lineHasContent; // the current line has written something
        private boolean any;            // anything was written

        Body(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (cr) {
                cr = false;
                if (b == '\n') {
                    space = false; // whitespace at the end of a line goes
                    if (lineHasContent) {
                        out.write('\r');
                        out.write('\n');
                        lineHasContent = false;
                    } else {
                        emptyLines++;
                    }
                    return;
                }
                content('\r');
            }
            if (b == '\r') {
                cr = true;
            } else if (b == ' ' || b == '\t') {
                space = true;
            } else {
                content(b);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(buf[i] & 0xff);
            }
        }

        private void content(int b) throws IOException {
            for (; emptyLines > 0; emptyLines--) {
                out.write('\r');
                out.write('\n');
            }
            if (space) {
                out.write(' ');
                space = false;
            }
            out.write(b);
            lineHasContent = true;
            any = true;
        }

        /** Ends the body: the last line gets its CRLF, the trailing empty lines are dropped. */
        void finish() throws IOException {
            if (cr) {
                cr = false;
                content('\r');
            }
            if (lineHasContent) {
                out.write('\r');
                out.write('\n');
                lineHasContent = false;
            }
            emptyLines = 0;
            space = false;
        }

        boolean empty() {
            return !any;
        }
    }
}
