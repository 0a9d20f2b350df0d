package io.caravan.queue;

import io.caravan.jmx.Description;

/**
 * The node's queued mail summed up for the console (io.caravan:type=Queues): what {@code caravan queue summary}
 * prints, as of the last periodic listing.
 */
@Description("The node's queued mail per destination and per stage, like Postfix's qshape, as of the last periodic"
        + " listing of its queues (caravan.queue.summary-interval)")
public interface QueuesMBean {

    @Description("One line per destination (the provider, else the next hop; - for mail not routed yet), most mail"
            + " first: total, ready, deferred, held, and the age of the oldest in seconds")
    String[] getByDestination();

    @Description("One line per stage (incoming, delivery, bounce): total, ready, deferred, held, oldest in seconds")
    String[] getByStage();

    @Description("Messages queued on the node's caravan.* queues, hold queues included")
    long getTotal();

    @Description("When the queues were last listed (ISO-8601), or never")
    String getListedAt();

    @Description("The listing's last failure, or empty when it worked")
    String getLastError();

    @Description("The summary per destination as a table, listed afresh now (a listing of every queued message's"
            + " properties)")
    String listSummary();

    @Description("The header section of each queued copy of the message with this queue id, scheduled (deferred)"
            + " copies included, read from the first 64 KiB of its body; the message is neither taken nor changed."
            + " Each entry: a line 'QUEUE MESSAGE-ID whole|cut' (cut: no end of the section in those 64 KiB), then"
            + " the section. Header fields hold personal data: an operator's to call, not a viewer's")
    String[] headerSections(@Description(name = "queueId", value = "The queue id, as in caravan queue list and the"
            + " mail log") String queueId);
}
