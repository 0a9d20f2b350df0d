package io.caravan.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.message.Envelope;
import io.caravan.message.EnvelopeJson;
import io.caravan.message.Headers;
import io.caravan.message.Json;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One queued copy of a message as {@code caravan queue show} prints it: the listing's fields, the whole
 * envelope (DSN parameters, client, authentication), the route the routing stage chose, each reply of
 * the last attempt on its own line, and the message's header section, which the node reads from the body
 * for an operator only ({@link HeaderSection}; a body would otherwise be handed to every console viewer).
 *
 * @param envelope   null when the copy carries none, or the broker cut it short
 * @param route      the route's JSON as a tree, null before routing
 * @param header     the copy's header section, null when it was not read
 * @param headerNote why there is no header section, or that it is cut; null when there is nothing to say
 */
public record MessageDetail(QueuedMessage message, Envelope envelope, JsonNode route, HeaderSection header,
                            String headerNote) {

    public static MessageDetail from(String queue, Map<String, Object> properties) {
        Envelope envelope;
        try {
            Object json = properties.get(Headers.ENVELOPE);
            envelope = json == null ? null : EnvelopeJson.read(json.toString());
        } catch (RuntimeException unreadable) {
            envelope = null;
        }
        JsonNode route;
        try {
            Object json = properties.get(Headers.ROUTE);
            route = json == null ? null : Json.MAPPER.readTree(json.toString());
        } catch (Exception unreadable) {
            route = null;
        }
        return new MessageDetail(QueuedMessage.from(queue, properties), envelope, route, null, null);
    }

    /** This copy with its header section from the node's answer, or a note saying why it has none. */
    public MessageDetail withHeader(Map<String, HeaderSection> sections) {
        HeaderSection found = sections.get(HeaderSection.key(message));
        if (found == null) {
            return withHeaderNote("(not read: the copy left " + message.queue() + " since it was listed)");
        }
        return new MessageDetail(message, envelope, route, found, found.cut()
                ? "(cut: no end of the header section in the first " + HeaderSection.LIMIT / 1024 + " KiB)" : null);
    }

    /** This copy without header section, and why. */
    public MessageDetail withHeaderNote(String note) {
        return new MessageDetail(message, envelope, route, null, note);
    }

    /** The distinct replies of the last attempt, as egress joined them in CaravanLastReply. */
    public List<String> replies() {
        String last = message.lastReply();
        return last == null || last.isBlank() ? List.of() : List.of(last.split("; "));
    }

    public static String text(List<MessageDetail> copies, Instant now) {
        StringBuilder out = new StringBuilder();
        for (MessageDetail d : copies) {
            QueuedMessage m = d.message();
            if (out.length() > 0) {
                out.append('\n');
            }
            line(out, "queue id", m.queueId());
            line(out, "queue", m.queue() + " (" + m.stage() + ", " + m.state().label() + ")");
            line(out, "received", m.receivedAt() + " (" + QueueListing.age(m.receivedAt(), now) + " ago)");
            line(out, "destination", m.destination());
            line(out, "attempts", String.valueOf(m.attempts()));
            line(out, "next attempt", m.held() ? "none while held" : m.nextAttempt() == null ? "now"
                    : m.nextAttempt() + " (in " + QueueListing.age(now, m.nextAttempt()) + ")");
            Envelope e = d.envelope();
            if (e != null) {
                line(out, "sender", e.nullSender() ? "<>" : e.mailFrom());
                for (Recipient r : e.recipients()) {
                    line(out, "recipient", r.address() + (r.notifyOn().isEmpty() ? "" : " NOTIFY=" + r.notifyOn())
                            + (r.orcpt() == null ? "" : " ORCPT=" + r.orcpt()));
                }
                line(out, "client", e.clientAddress() + " helo=" + e.clientHelo()
                        + (e.authUser() == null ? "" : " auth=" + e.authUser()));
                line(out, "dsn", "RET=" + (e.ret() == null ? "-" : e.ret()) + " ENVID=" + (e.envid() == null ? "-"
                        : e.envid()) + (e.smtputf8() ? " SMTPUTF8" : "") + (e.requireTls() ? " REQUIRETLS" : ""));
            } else {
                line(out, "envelope", "(none readable)");
            }
            if (d.route() != null) {
                line(out, "route", "nexthop=" + d.route().path("nexthop").asText("-") + " provider="
                        + d.route().path("provider").asText("-") + " class=" + d.route().path("trafficClass").asText("-")
                        + " pool=" + d.route().path("pool").asText("-"));
                for (JsonNode host : d.route().path("hosts")) {
                    line(out, "host", host.path("name").asText() + " " + host.path("addresses"));
                }
            }
            for (String reply : d.replies()) {
                line(out, "reply", reply);
            }
            if (d.header() != null) {
                d.header().fields().forEach(f -> line(out, "header", f));
            }
            if (d.headerNote() != null) {
                line(out, "header", d.headerNote());
            }
        }
        return out.toString();
    }

    public static String json(List<MessageDetail> copies, Instant now) {
        List<Object> rows = new ArrayList<>();
        for (MessageDetail d : copies) {
            Map<String, Object> row = new LinkedHashMap<>();
            try {
                row.put("message", Json.MAPPER.readTree(QueueListing.json(List.of(d.message()), now)).get(0));
                row.put("envelope", d.envelope() == null ? null : Json.MAPPER.readTree(EnvelopeJson.write(d.envelope())));
            } catch (java.io.IOException impossible) {
                throw new IllegalStateException(impossible);
            }
            row.put("route", d.route());
            row.put("replies", d.replies());
            row.put("header", d.header() == null ? null : d.header().fields());
            row.put("headerNote", d.headerNote());
            rows.add(row);
        }
        return Json.write(rows) + "\n";
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format("%-13s %s%n", name + ":", value));
    }
}
