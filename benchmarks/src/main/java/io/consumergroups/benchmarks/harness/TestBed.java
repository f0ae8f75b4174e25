package io.consumergroups.benchmarks.harness;

import java.nio.file.Path;

/**
 * Where a benchmark runs: the cluster, the service under test and where the processes it
 * starts write their logs.
 *
 * @param bootstrapServers the cluster's bootstrap servers
 * @param brokers how many brokers it has, 1 or 3
 * @param processor how order-processor is started
 * @param logDirectory one log file per process started
 */
public record TestBed(String bootstrapServers, int brokers, ProcessorLauncher processor, Path logDirectory) {

}
