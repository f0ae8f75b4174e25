package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;

/**
 * A failover scenario: a group protocol and a session timeout.
 *
 * @param config the protocol and assignor
 * @param sessionTimeout the session timeout
 */
record FailoverCase(GroupConfig config, Duration sessionTimeout) {

}
