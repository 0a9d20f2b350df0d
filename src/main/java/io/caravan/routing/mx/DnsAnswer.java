package io.caravan.routing.mx;

import java.util.List;

import org.xbill.DNS.Record;

/** The outcome of one DNS question, as the MX policy needs to tell them apart. */
sealed interface DnsAnswer {

    /** Records of the asked type (after following CNAMEs). */
    record Records(List<Record> records) implements DnsAnswer {
        public Records {
            records = List.copyOf(records);
        }
    }

    /** The name exists but has no record of that type. */
    record NoData() implements DnsAnswer {
    }

    /** The name does not exist. */
    record NxDomain() implements DnsAnswer {
    }

    /** No usable answer now: SERVFAIL, REFUSED, timeout, network error. Never cached. */
    record Failure(String text) implements DnsAnswer {
    }
}
