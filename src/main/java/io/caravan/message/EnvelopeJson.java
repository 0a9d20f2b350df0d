package io.caravan.message;

/**
 * The envelope's wire form between stages: JSON in one header, readable in
 * the broker console, checked on read so a stage never works on half an
 * envelope.
 */
public final class EnvelopeJson {

    private EnvelopeJson() {
    }

    public static String write(Envelope envelope) {
        return Json.write(envelope);
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
