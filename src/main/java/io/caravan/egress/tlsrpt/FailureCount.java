package io.caravan.egress.tlsrpt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One row of a report's {@code failure-details} (RFC 8460 §4.4): failures alike in type, source and MX. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureCount(@JsonProperty("result-type") String resultType,
                           @JsonProperty("sending-mta-ip") String sendingMtaIp,
                           @JsonProperty("receiving-mx-hostname") String receivingMx,
                           @JsonProperty("failed-session-count") long count) {

    boolean sameAs(Session s) {
        return resultType.equals(s.resultType()) && java.util.Objects.equals(sendingMtaIp, s.sendingMtaIp())
                && java.util.Objects.equals(receivingMx, s.receivingMx());
    }
}
