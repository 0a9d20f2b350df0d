package io.caravan.broker;

/**
 * One stage queue's consumer threads in JMX (io.caravan:type=StageConsumers,queue=...): how many are
 * configured, how many are consuming now, and how often one failed with something other than a lost
 * broker (an Error such as OutOfMemoryError, or a bug) and was started again. Running below Configured
 * for long, or Restarts growing, needs a look at the log, which has a line for each restart.
 */
public interface StageConsumerMBean {

    int getConfigured();

    int getRunning();

    long getRestarts();
}
