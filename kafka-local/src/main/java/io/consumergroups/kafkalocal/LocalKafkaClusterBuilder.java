package io.consumergroups.kafkalocal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds and starts a {@link LocalKafkaCluster}, from
 * {@link LocalKafkaCluster#builder()}. Each setting is checked when it is set, so that a
 * wrong one fails where it is written; the cluster starts from a copy of them.
 */
public final class LocalKafkaClusterBuilder {

	// The highest first port with room for 3 brokers and their controllers 100 above
	private static final int MAX_FIRST_BROKER_PORT = 65535 - NodePorts.CONTROLLER_PORT_OFFSET - 2;

	private int nodes = 1;

	private boolean secured;

	private int firstBrokerPort;

	private Path dataDir;

	private final Map<String, String> brokerProperties = new LinkedHashMap<>();

	private final Map<Integer, Map<String, String>> nodeProperties = new LinkedHashMap<>();

	LocalKafkaClusterBuilder() {
	}

	/**
	 * How many nodes: 1, or 3, the smallest cluster that keeps accepting {@code acks=all}
	 * writes when one broker is lost. Default 1.
	 * @param nodes 1 or 3
	 * @return this builder
	 * @throws IllegalArgumentException for any other number
	 */
	public LocalKafkaClusterBuilder nodes(int nodes) {
		if (nodes != 1 && nodes != 3) {
			throw new IllegalArgumentException("A local Kafka cluster has 1 or 3 nodes (3 survive the loss of one: "
					+ "a quorum of controllers, and 2 in-sync replicas of every partition), not " + nodes);
		}
		this.nodes = nodes;
		return this;
	}

	/**
	 * A secured cluster: clients log in with SCRAM-SHA-512 over TLS ({@code SASL_SSL}) on
	 * the broker port, and may do only what an ACL grants (Kafka's
	 * {@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false}). The
	 * certificates are made at start, in the data directory; the only users are the super
	 * users of the brokers and of {@link LocalKafkaCluster#adminProperties()} until
	 * {@link LocalKafkaCluster#grantAccess} creates more. Default: a plain
	 * {@code PLAINTEXT} cluster, open to anyone.
	 * @return this builder
	 */
	public LocalKafkaClusterBuilder secured() {
		this.secured = true;
		return this;
	}

	/**
	 * Fixed ports: node {@code i} listens on {@code port + i - 1} (9092, 9093, 9094) and
	 * its controller on 100 above (9192…). Default 0: free ports chosen at random.
	 * @param port the broker port of node 1, or 0
	 * @return this builder
	 * @throws IllegalArgumentException if no cluster fits from that port on
	 */
	public LocalKafkaClusterBuilder firstBrokerPort(int port) {
		if (port < 0 || port > MAX_FIRST_BROKER_PORT) {
			throw new IllegalArgumentException("The first broker port must be between 1 and " + MAX_FIRST_BROKER_PORT
					+ ", or 0 for free ports chosen " + "at random, not " + port);
		}
		this.firstBrokerPort = port;
		return this;
	}

	/**
	 * Where the node directories (configuration, logs, data) go; their previous content
	 * is deleted at start, and kept after {@link LocalKafkaCluster#close()}. Default: a
	 * temporary directory, deleted on close.
	 * @param dataDir the directory
	 * @return this builder
	 */
	public LocalKafkaClusterBuilder dataDir(Path dataDir) {
		if (dataDir == null) {
			throw new IllegalArgumentException("The data directory must not be null");
		}
		this.dataDir = dataDir;
		return this;
	}

	/**
	 * A {@code server.properties} setting for every node, added to or overriding the ones
	 * of {@link ServerProperties}.
	 * @param key the setting, e.g. {@code log.retention.ms}
	 * @param value its value
	 * @return this builder
	 */
	public LocalKafkaClusterBuilder brokerProperty(String key, String value) {
		if (key == null || key.isBlank() || value == null) {
			throw new IllegalArgumentException("A broker property needs a key and a value, was " + key + "=" + value);
		}
		this.brokerProperties.put(key, value);
		return this;
	}

	/**
	 * A {@code server.properties} setting for one node, added to or overriding the ones
	 * of {@link ServerProperties} and of {@link #brokerProperty}: for settings that
	 * differ from node to node, such as {@code listeners}. The cluster still waits for
	 * each node on its broker port and bootstraps from it, so a node's {@code listeners}
	 * must keep a listener there (see {@link #firstBrokerPort}).
	 * @param nodeId the node, 1 to the number of {@link #nodes}
	 * @param key the setting, e.g. {@code advertised.listeners}
	 * @param value its value
	 * @return this builder
	 */
	public LocalKafkaClusterBuilder nodeProperty(int nodeId, String key, String value) {
		if (nodeId < 1 || key == null || key.isBlank() || value == null) {
			throw new IllegalArgumentException("A node property needs a node id from 1, a key and a value, was node "
					+ nodeId + ": " + key + "=" + value);
		}
		this.nodeProperties.computeIfAbsent(nodeId, (id) -> new LinkedHashMap<>()).put(key, value);
		return this;
	}

	/**
	 * Formats fresh storage, starts every node process and waits until the cluster is
	 * ready: every broker listens and is registered, and (for 3 nodes) a new topic has an
	 * in-sync replica on every broker.
	 * @return the running cluster
	 * @throws IllegalStateException if a node exits or the cluster is not ready within 90
	 * s (3 min when secured), with the end of the node's log
	 */
	public LocalKafkaCluster start() {
		return LocalKafkaCluster.start(settings());
	}

	/**
	 * The settings as they are now.
	 * @return a copy
	 * @throws IllegalArgumentException if a node property is set for a node the cluster
	 * does not have
	 */
	ClusterSettings settings() {
		return new ClusterSettings(this.nodes, this.secured, this.firstBrokerPort, this.dataDir, this.brokerProperties,
				this.nodeProperties);
	}

}
