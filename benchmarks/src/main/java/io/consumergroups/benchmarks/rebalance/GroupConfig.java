package io.consumergroups.benchmarks.rebalance;

/**
 * A group protocol and assignor under test.
 *
 * @param label as printed
 * @param key in names
 * @param protocol {@code orders.processor.group.protocol}
 * @param assignor {@code orders.processor.group.assignor}
 */
record GroupConfig(String label, String key, String protocol, String assignor) {

}
