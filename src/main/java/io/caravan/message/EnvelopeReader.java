package io.caravan.message;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an envelope as {@link EnvelopeJson#write} writes it, field by field with Jackson's parser:
 * routing and egress read one per message, and the reflective record reader was a visible share of
 * the CPU per message. Unknown fields are skipped, as the general mapper does. Anything else out of
 * the ordinary (a value of another JSON type, a missing recipient list, an unknown DSN keyword, a
 * time in another form) returns null, and the caller leaves the text to the general mapper, so
 * what it accepts, refuses or coerces stays exactly as before.
 */
final class EnvelopeReader {

    /** Thrown inside the reader to hand the text over to the general mapper. */
    private static final class NotCommon extends Exception {
        NotCommon() {
            super(null, null, false, false);
        }
    }

    private static final NotCommon NOT_COMMON = new NotCommon();

    private EnvelopeReader() {
    }

    /** The envelope, or null when the general mapper must read this text. */
    static Envelope read(String json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            Envelope envelope = envelope(p);
            return p.nextToken() == null ? envelope : null;
        } catch (IOException | NotCommon | RuntimeException e) {
            return null;
        }
    }

    private static Envelope envelope(JsonParser p) throws IOException, NotCommon {
        expect(p.nextToken(), JsonToken.START_OBJECT);
        String queueId = null;
        String mailFrom = null;
        List<Recipient> recipients = null;
        String ret = null;
        String envid = null;
        boolean smtputf8 = false;
        String authUser = null;
        String clientAddress = null;
        String clientHelo = null;
        Instant receivedAt = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "queueId" -> queueId = text(p, value);
                case "mailFrom" -> mailFrom = text(p, value);
                case "recipients" -> recipients = recipients(p, value);
                case "ret" -> ret = text(p, value);
                case "envid" -> envid = text(p, value);
                case "smtputf8" -> smtputf8 = flag(value);
                case "authUser" -> authUser = text(p, value);
                case "clientAddress" -> clientAddress = text(p, value);
                case "clientHelo" -> clientHelo = text(p, value);
                case "receivedAt" -> receivedAt = instant(p, value);
                default -> p.skipChildren();
            }
        }
        expect(p.currentToken(), JsonToken.END_OBJECT);
        if (recipients == null) {
            throw NOT_COMMON;
        }
        return new Envelope(queueId, mailFrom, recipients, ret, envid, smtputf8, authUser, clientAddress,
                clientHelo, receivedAt);
    }

    private static List<Recipient> recipients(JsonParser p, JsonToken value) throws IOException, NotCommon {
        expect(value, JsonToken.START_ARRAY);
        List<Recipient> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String address = null;
            Set<Recipient.Notify> notifyOn = null;
            String orcpt = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "address" -> address = text(p, v);
                    case "notifyOn" -> notifyOn = notify(p, v);
                    case "orcpt" -> orcpt = text(p, v);
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT);
            out.add(new Recipient(address, notifyOn, orcpt));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return out;
    }

    private static Set<Recipient.Notify> notify(JsonParser p, JsonToken value) throws IOException, NotCommon {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.START_ARRAY);
        Set<Recipient.Notify> out = EnumSet.noneOf(Recipient.Notify.class);
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            out.add(keyword(p.getText()));
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        return out;
    }

    private static Recipient.Notify keyword(String name) throws NotCommon {
        for (Recipient.Notify n : Recipient.Notify.values()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw NOT_COMMON;
    }

    private static String text(JsonParser p, JsonToken value) throws IOException, NotCommon {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.VALUE_STRING);
        return p.getText();
    }

    private static boolean flag(JsonToken value) throws NotCommon {
        if (value == JsonToken.VALUE_TRUE) {
            return true;
        }
        expect(value, JsonToken.VALUE_FALSE);
        return false;
    }

    private static Instant instant(JsonParser p, JsonToken value) throws IOException, NotCommon {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(value, JsonToken.VALUE_STRING);
        Instant at = IsoInstant.parseCommon(p.getText());
        if (at == null) {
            throw NOT_COMMON;
        }
        return at;
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws NotCommon {
        if (actual != wanted) {
            throw NOT_COMMON;
        }
    }
}
