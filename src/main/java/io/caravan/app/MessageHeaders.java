package io.caravan.app;

import io.caravan.message.HeaderEdit;
import io.caravan.message.MessageBody;
import org.apache.camel.Exchange;

/**
 * The bean operator routes use to add or change header fields of the message in a hook
 * ({@code bean: {ref: caravanHeaders, method: "add(*, 'X-Campaign', '${header.CaravanClass}')"}}): the
 * message's other octets, an 8-bit body included, stay exactly as they were ({@link HeaderEdit}).
 * Prepending a string to the body in a route would instead turn it into text and back.
 */
public final class MessageHeaders {

    /** The name routes give it. */
    public static final String BEAN = "caravanHeaders";

    /** {@code name: value} as the message's first field. */
    public void add(Exchange exchange, String name, String value) {
        exchange.getIn().setBody(HeaderEdit.add(body(exchange), name, value));
    }

    /** Every {@code name} field replaced by one {@code name: value}. */
    public void set(Exchange exchange, String name, String value) {
        exchange.getIn().setBody(HeaderEdit.set(body(exchange), name, value));
    }

    /** Every {@code name} field taken out. */
    public void remove(Exchange exchange, String name) {
        exchange.getIn().setBody(HeaderEdit.remove(body(exchange), name));
    }

    private static MessageBody body(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof MessageBody || body instanceof byte[]) {
            return MessageBody.of(body);
        }
        throw new IllegalArgumentException("a hook changed the message into " + (body == null ? "nothing"
                : body.getClass().getSimpleName()) + "; edit its header fields with " + BEAN + " instead");
    }
}
