package io.caravan.bench;

import java.util.Map;

/**
 * What the sink got compared with what the target accepted: accepted ids that arrived, accepted ids that
 * never arrived (lost: a 250 was a lie), extra copies (duplicates), and ids that arrived without a 250
 * (the client saw the connection break after the final dot; legitimate, counted separately).
 */
record Delivery(long delivered, long missing, long duplicates, long unacknowledgedDelivered) {

    static Delivery of(LoadResult load, CountingSink sink) {
        Map<String, CountingSink.Arrival> arrivals = sink.arrivals();
        long delivered = 0;
        for (String id : load.acceptedAtNanos().keySet()) {
            if (arrivals.containsKey(id)) {
                delivered++;
            }
        }
        long duplicates = 0;
        long unacked = 0;
        for (Map.Entry<String, CountingSink.Arrival> e : arrivals.entrySet()) {
            duplicates += e.getValue().copies() - 1;
            if (!load.acceptedAtNanos().containsKey(e.getKey())) {
                unacked++;
            }
        }
        return new Delivery(delivered, load.accepted() - delivered, duplicates, unacked);
    }

    /**
     * Messages delivered per second, from the load's first send to the sink's last arrival: the rate the whole
     * pipeline sustained, which a store-and-forward system's ingress can outrun only while its queue grows.
     */
    double endToEndRate(LoadResult load, CountingSink sink) {
        double seconds = (sink.lastArrivalNanos() - load.startNanos()) / 1e9;
        return seconds > 0 ? delivered / seconds : 0;
    }
}
