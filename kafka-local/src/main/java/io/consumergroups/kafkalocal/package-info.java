/**
 * A real Apache Kafka cluster on this machine, for demos and tests: 1 or 3 KRaft nodes,
 * each its own OS process started from Kafka's own jars, so a broker can be killed for
 * real and started again.
 * <ul>
 * <li>{@link io.consumergroups.kafkalocal.LocalKafkaCluster} — the cluster, its lifecycle
 * and the command line ({@code main}).</li>
 * <li>{@code ServerProperties} — the broker settings, and why.</li>
 * <li>{@code KafkaNode} — one node process: its directory, logs and signals.</li>
 * <li>{@code BrokerClasspath} — which jars the node processes run with.</li>
 * <li>{@code ClusterSecurity}, {@link io.consumergroups.kafkalocal.ServiceAcls} — a
 * secured cluster, and the services' grants ({@code acls.txt}).</li>
 * </ul>
 */
package io.consumergroups.kafkalocal;
