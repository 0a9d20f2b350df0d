package io.caravan.egress.tlsrpt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The policy a TLS session was held to, as RFC 8460 §4.4 names it in a report's {@code policy} object.
 *
 * @param type    {@code sts} or {@code tlsa}
 * @param strings the policy's lines (the MTA-STS policy body, or the TLSA records)
 * @param domain  the policy domain: the recipient domain that published the policy
 * @param mxHost  the MX host patterns of an MTA-STS policy, the MX host names of a TLSA policy
 */
public record PolicyRef(@JsonProperty("policy-type") String type,
                        @JsonProperty("policy-string") List<String> strings,
                        @JsonProperty("policy-domain") String domain,
                        @JsonProperty("mx-host") List<String> mxHost) {

    public PolicyRef {
        strings = List.copyOf(strings);
        mxHost = List.copyOf(mxHost);
    }
}
