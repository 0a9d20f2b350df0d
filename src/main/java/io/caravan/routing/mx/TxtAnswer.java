package io.caravan.routing.mx;

import java.util.List;

/** The TXT records of a name, each record's strings joined (RFC 7208 §3.3), or why there are none. */
public sealed interface TxtAnswer {

    record Texts(List<String> records) implements TxtAnswer {
        public Texts {
            records = List.copyOf(records);
        }
    }

    /** The name does not exist or has no TXT record. */
    record None() implements TxtAnswer {
    }

    /** DNS could not answer now. */
    record Failed(String text) implements TxtAnswer {
    }
}
