package io.caravan.feedback;

import io.caravan.jmx.Description;

/**
 * The operator's view of the region's suppression list in the console's JMX tab
 * (io.caravan:type=Suppressions), also what {@code caravan queue suppressions|suppress|unsuppress} call.
 */
@Description("The region's suppressed recipients (hard bounces, complaints, operators' entries): mail to them from"
        + " the scope's senders is refused at RCPT and bounced by routing")
public interface SuppressionsMBean {

    @Description("One line per suppression in force, newest first: scope, recipient, reason, created, expires,"
            + " detail (tab-separated)")
    String[] getEntries();

    @Description("How many suppressions are in force")
    int getCount();

    @Description("Suppresses a recipient for a scope, for the whole region. Answers what was done")
    String suppress(@Description(name = "scope", value = "domain:NAME (envelope senders of that domain),"
                            + " tenant:USER (an SMTP user's submissions) or * (every sender)") String scope,
                    @Description(name = "recipient", value = "The address") String recipient,
                    @Description(name = "expires", value = "How long, e.g. 90d; empty: never") String expires,
                    @Description(name = "note", value = "Why, for the listing") String note);

    @Description("Lifts a suppression for the whole region. Answers what was done")
    String unsuppress(@Description(name = "scope", value = "As listed") String scope,
                      @Description(name = "recipient", value = "The address") String recipient);
}
