package io.caravan.egress.tlsrpt;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/** A policy's sessions over one day: how many succeeded, and the failures by kind. */
public record PolicyCount(@JsonProperty("policy") PolicyRef policy,
                          @JsonProperty("successful") long successful,
                          @JsonProperty("failures") List<FailureCount> failures) {

    public PolicyCount {
        failures = List.copyOf(failures);
    }

    public static PolicyCount none(PolicyRef policy) {
        return new PolicyCount(policy, 0, List.of());
    }

    public long failed() {
        return failures.stream().mapToLong(FailureCount::count).sum();
    }

    /** This count with one more session. */
    public PolicyCount plus(Session s) {
        if (s.successful()) {
            return new PolicyCount(policy, successful + 1, failures);
        }
        List<FailureCount> next = new ArrayList<>();
        boolean found = false;
        for (FailureCount f : failures) {
            if (!found && f.sameAs(s)) {
                next.add(new FailureCount(f.resultType(), f.sendingMtaIp(), f.receivingMx(), f.count() + 1));
                found = true;
            } else {
                next.add(f);
            }
        }
        if (!found) {
            next.add(new FailureCount(s.resultType(), s.sendingMtaIp(), s.receivingMx(), 1));
        }
        return new PolicyCount(policy, successful, next);
    }
}
