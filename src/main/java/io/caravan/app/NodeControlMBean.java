package io.caravan.app;

import io.caravan.jmx.Description;

/**
 * The operator's hand on a whole node (io.caravan:type=Node): take it out of service without stopping it,
 * and put it back.
 */
@Description("This node's service state: drain it (readiness down, the SMTP listeners take no new mail, queued"
        + " mail is still delivered) and undrain it")
public interface NodeControlMBean {

    @Description("True while an operator has drained the node (or a stop is under way)")
    boolean isDraining();

    @Description("Takes the node out of service: /health/ready answers 503 (drained), new SMTP connections and"
            + " idle sessions hear 421 4.3.2, messages under way are finished; the stages keep delivering what is"
            + " queued. Lasts until undrain or a restart. Answers what was done")
    String drain();

    @Description("Puts a drained node back in service: the listeners take mail again and readiness comes back"
            + " up (unless a stop is under way). Answers what was done")
    String undrain();
}
