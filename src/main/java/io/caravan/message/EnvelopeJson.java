package io.caravan.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The envelope's wire form between stages: JSON in one header. JSON keeps it
 * readable in the broker console and lets fields be added without breaking
 * messages already queued (unknown fields are ignored on read).
 */
public final class EnvelopeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EnvelopeJson() {
    }

    public static String write(Envelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("envelope cannot be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not an envelope */
    public static Envelope read(String json) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("no envelope");
        }
        try {
            Envelope envelope = MAPPER.readValue(json, Envelope.class);
            if (envelope.queueId() == null || envelope.recipients().isEmpty()) {
                throw new IllegalArgumentException("envelope without queue id or recipients");
            }
            return envelope;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed envelope: " + e.getOriginalMessage(), e);
        }
    }
}
