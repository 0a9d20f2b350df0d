package io.caravan.broker;

import io.caravan.jmx.Description;

/**
 * One stage queue's consumer threads in JMX (io.caravan:type=StageConsumers,queue=...): how many are
 * configured, how many are consuming now, and how often one failed with something other than a lost
 * broker (an Error such as OutOfMemoryError, or a bug) and was started again. Running below Configured
 * for long, or Restarts growing, needs a look at the log, which has a line for each restart.
 */
@Description("The consumer threads of one stage queue")
public interface StageConsumerMBean {

    @Description("Consumer threads configured for the queue")
    int getConfigured();

    @Description("Consumer threads consuming now; below Configured for long needs a look at the log")
    int getRunning();

    @Description("How often a consumer failed with something other than a lost broker and was started again")
    long getRestarts();
}
