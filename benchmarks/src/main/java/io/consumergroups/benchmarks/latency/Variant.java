package io.consumergroups.benchmarks.latency;

import java.util.List;

/**
 * One way of running the group.
 *
 * @param id in the names of its group, replicas and logs
 * @param description in the results table
 * @param properties the replicas' Spring properties beside order-processor's own
 */
record Variant(String id, String description, List<String> properties) {

}
