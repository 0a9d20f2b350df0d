package io.caravan.message;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The envelope's wire form between stages: JSON in one header, readable in
 * the broker console, checked on read so a stage never works on half an
 * envelope.
 */
public final class EnvelopeJson {

    /**
     * The exchange property where the step that wrote an envelope's JSON keeps both, for the next step
     * in the same process ({@link #read(String, Written)}). A Camel property, never sent to the broker.
     */
    public static final String WRITTEN = "caravan.writtenEnvelope";

    /** An envelope and the very string {@link #write} made of it. */
    public record Written(Envelope envelope, String json) {
    }

    private EnvelopeJson() {
    }

    public static Written written(Envelope envelope) {
        return new Written(envelope, write(envelope));
    }

    /**
     * The same text as {@code Json.write(envelope)}, written field by field: ingress writes one per
     * accepted message, and the reflective bean writer was a visible share of the CPU per message.
     */
    public static String write(Envelope envelope) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("queueId", envelope.queueId());
            g.writeStringField("mailFrom", envelope.mailFrom());
            g.writeArrayFieldStart("recipients");
            for (Recipient r : envelope.recipients()) {
                g.writeStartObject();
                g.writeStringField("address", r.address());
                g.writeArrayFieldStart("notifyOn");
                for (Recipient.Notify n : r.notifyOn()) {
                    g.writeString(n.name());
                }
                g.writeEndArray();
                g.writeStringField("orcpt", r.orcpt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("ret", envelope.ret());
            g.writeStringField("envid", envelope.envid());
            g.writeBooleanField("smtputf8", envelope.smtputf8());
            g.writeStringField("authUser", envelope.authUser());
            g.writeStringField("clientAddress", envelope.clientAddress());
            g.writeStringField("clientHelo", envelope.clientHelo());
            g.writeStringField("receivedAt",
                    envelope.receivedAt() == null ? null : IsoInstant.format(envelope.receivedAt()));
            g.writeBooleanField("requireTls", envelope.requireTls()); // absent (an older node's) reads as false
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("envelope cannot be written as JSON", e);
        }
        return out.toString();
    }

    /**
     * The envelope of {@code json}, without parsing it when {@code written} was made for this very
     * string: identity, not equality, so text that anything else set is always read. Parsing the JSON
     * ingress had just written was a visible share of the CPU of the thread a 250 waits on.
     */
    public static Envelope read(String json, Written written) {
        return written != null && written.json() == json ? written.envelope() : read(json);
    }

    /** @throws IllegalArgumentException when the text is not a usable envelope */
    public static Envelope read(String json) {
        Envelope envelope = Json.read(json, Envelope.class);
        if (envelope.queueId() == null || envelope.recipients().isEmpty()) {
            throw new IllegalArgumentException("envelope without queue id or recipients");
        }
        return envelope;
    }
}
