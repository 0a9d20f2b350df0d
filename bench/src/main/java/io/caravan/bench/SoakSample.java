package io.caravan.bench;

/**
 * One reading during a soak: seconds since the steady load began, the process tree's resident set, the
 * lowest heap occupancy after a collection in the interval (the previous value when no collection ran),
 * messages accepted and delivered so far.
 */
record SoakSample(double seconds, double rssMb, double heapAfterGcMb, long accepted, long delivered) {}
