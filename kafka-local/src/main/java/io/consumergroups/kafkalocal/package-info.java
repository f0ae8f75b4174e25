/**
 * A real Apache Kafka cluster on this machine, for demos and tests: 1 or 3 KRaft nodes,
 * each its own OS process started from Kafka's own jars, so a broker can be killed for
 * real and started again.
 * <ul>
 * <li>{@link io.consumergroups.kafkalocal.LocalKafkaCluster} — the cluster, as clients,
 * tests and the command line ({@code main}) use it;
 * {@link io.consumergroups.kafkalocal.LocalKafkaClusterBuilder} — its options.</li>
 * <li>{@code ClusterNodes}, {@code ClusterReadiness}, {@code ClusterDirectory} — the node
 * processes' lifecycle, when they are ready, and their directories.</li>
 * <li>{@code CommandLineOptions} — the command line's flags, output and exit codes.</li>
 * <li>{@code ServerProperties} — the broker settings, and why.</li>
 * <li>{@code KafkaNode} — one node process: its directory, logs and signals.</li>
 * <li>{@code BrokerClasspath} — which jars the node processes run with.</li>
 * <li>{@code ClusterSecurity}, {@link io.consumergroups.kafkalocal.ServiceAcls} — a
 * secured cluster, and the services' grants ({@code acls.txt}).</li>
 * </ul>
 */
package io.consumergroups.kafkalocal;
