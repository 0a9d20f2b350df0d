package io.caravan.routing.mx;

import java.util.List;

import org.xbill.DNS.Record;

/**
 * The outcome of one DNS question, as the MX policy needs to tell them apart. {@code secure} is
 * true only when a validating resolver vouched for the answer and every CNAME on the way to it.
 */
sealed interface DnsAnswer {

    /** Records of the asked type (after following CNAMEs). */
    record Records(List<Record> records, boolean secure) implements DnsAnswer {
        public Records {
            records = List.copyOf(records);
        }

        Records(List<Record> records) {
            this(records, false);
        }
    }

    /** The name exists but has no record of that type. */
    record NoData(boolean secure) implements DnsAnswer {
        NoData() {
            this(false);
        }
    }

    /** The name does not exist. */
    record NxDomain(boolean secure) implements DnsAnswer {
        NxDomain() {
            this(false);
        }
    }

    /**
     * No usable answer now: SERVFAIL, REFUSED, timeout, network error. Never cached.
     *
     * @param bogus the validating resolver rejected the answer (or could not validate a failure)
     */
    record Failure(String text, boolean bogus) implements DnsAnswer {
        Failure(String text) {
            this(text, false);
        }
    }
}
