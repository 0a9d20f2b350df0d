package io.caravan.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header fields of a message as raw text (ISO-8859-1, one char per octet, so nothing is changed by
 * decoding), in order, and where the header section ends.
 *
 * @param fields each field without its final CRLF, folding kept
 * @param end    the offset of the first body octet (after the empty line), or the length of the input
 *               when it has no empty line
 * @param complete whether the empty line that ends the header section was found
 */
record HeaderSection(List<String> fields, int end, boolean complete) {

    static HeaderSection parse(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        int pos = 0;
        StringBuilder field = null;
        while (pos < text.length()) {
            int eol = text.indexOf("\r\n", pos);
            if (eol < 0) {
                // a last line without CRLF: a header section with no body
                String line = text.substring(pos);
                field = addLine(fields, field, line);
                pos = text.length();
                break;
            }
            String line = text.substring(pos, eol);
            pos = eol + 2;
            if (line.isEmpty()) {
                if (field != null) {
                    fields.add(field.toString());
                }
                return new HeaderSection(List.copyOf(fields), pos, true);
            }
            field = addLine(fields, field, line);
        }
        if (field != null) {
            fields.add(field.toString());
        }
        return new HeaderSection(List.copyOf(fields), text.length(), false);
    }

    private static StringBuilder addLine(List<String> fields, StringBuilder field, String line) {
        boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
        if (continuation && field != null) {
            return field.append("\r\n").append(line);
        }
        if (field != null) {
            fields.add(field.toString());
        }
        return line.indexOf(':') > 0 ? new StringBuilder(line) : null; // a line that is no field is skipped
    }

    static String name(String field) {
        return field.substring(0, field.indexOf(':')).strip().toLowerCase(Locale.ROOT);
    }

    /** The fields called {@code name}, top to bottom. */
    List<String> named(String name) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            if (name(f).equals(name)) {
                out.add(f);
            }
        }
        return out;
    }
}
