package io.consumergroups.kafkalocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node processes of one cluster, from formatting to the end: configured and formatted
 * once, started together, then killed, stopped and started again one at a time, and
 * stopped together when the cluster closes or, if its JVM exits first, by a shutdown
 * hook. Each node is a {@link KafkaNode}; when one is ready is for
 * {@link ClusterReadiness} to say.
 */
final class ClusterNodes {

	private static final Logger logger = LoggerFactory.getLogger(ClusterNodes.class);

	// A clean stop takes a few seconds: the broker hands its leaderships over first
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final Map<Integer, KafkaNode> nodes = new LinkedHashMap<>();

	private final ClusterDirectory directory;

	private final Thread shutdownHook = new Thread(this::stopAndCleanUp, "kafka-local-shutdown");

	private final AtomicBoolean closed = new AtomicBoolean();

	ClusterNodes(ClusterDirectory directory) {
		this.directory = directory;
	}

	/**
	 * Writes every node's configuration and formats its storage for a new cluster, in
	 * place of the nodes of an earlier one.
	 * @param ports the ports of every node
	 * @param settings the settings the cluster was built with
	 * @param security the cluster's security, or {@code null} for a plain cluster
	 * @throws IllegalStateException if formatting fails
	 */
	void format(List<NodePorts> ports, ClusterSettings settings, ClusterSecurity security) {
		this.directory.deleteNodeDirectories();
		String classpath = BrokerClasspath.resolve();
		String clusterId = Uuid.randomUuid().toString();
		for (NodePorts node : ports) {
			KafkaNode kafkaNode = new KafkaNode(node, this.directory.node(node.nodeId()), classpath);
			Map<String, String> overrides = new LinkedHashMap<>();
			if (security != null) {
				overrides.putAll(security.serverProperties(node));
			}
			overrides.putAll(settings.overrides(node.nodeId()));
			kafkaNode.configure(ServerProperties.forNode(node, ports, kafkaNode.dataDirectory(), overrides));
			kafkaNode.format(clusterId, (security != null) ? security.formatArguments() : List.of());
			this.nodes.put(node.nodeId(), kafkaNode);
		}
	}

	/**
	 * Starts every node and waits until the cluster is ready. From now on a shutdown hook
	 * stops the nodes if the JVM exits before {@link #close()}.
	 * @param readiness the cluster's readiness
	 */
	void startAll(ClusterReadiness readiness) {
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		this.nodes.values().forEach(KafkaNode::start);
		readiness.awaitStarted(this.nodes.values());
		logger.info("Kafka cluster of {} node(s) ready on {}", this.nodes.size(), bootstrapServers());
	}

	/**
	 * Starts a stopped or killed node again and waits until it is back in the cluster.
	 * @param nodeId the node
	 * @param readiness the cluster's readiness
	 */
	void start(int nodeId, ClusterReadiness readiness) {
		if (this.closed.get()) {
			throw new IllegalStateException("This Kafka cluster is closed");
		}
		KafkaNode node = node(nodeId);
		node.start();
		readiness.awaitRestarted(node);
		logger.info("Kafka node {} is back in the cluster (pid {})", nodeId, node.pid());
	}

	/**
	 * Stops a node cleanly, or kills it if it has not stopped after 30 s.
	 * @param nodeId the node
	 */
	void stop(int nodeId) {
		node(nodeId).stop(STOP_TIMEOUT);
		logger.info("Stopped Kafka node {}", nodeId);
	}

	/**
	 * One node.
	 * @param nodeId its id
	 * @return the node
	 * @throws IllegalArgumentException if the cluster has no such node
	 */
	KafkaNode node(int nodeId) {
		KafkaNode node = this.nodes.get(nodeId);
		if (node == null) {
			throw new IllegalArgumentException(
					"No node " + nodeId + " in this cluster: its nodes are " + this.nodes.keySet());
		}
		return node;
	}

	/**
	 * Every node, running or not.
	 * @return the nodes by id
	 */
	Collection<KafkaNode> all() {
		return this.nodes.values();
	}

	/**
	 * The addresses clients bootstrap from.
	 * @return every node's {@code localhost:port}, comma-separated
	 */
	String bootstrapServers() {
		return this.nodes.values()
			.stream()
			.map((node) -> node.ports().brokerAddress())
			.collect(Collectors.joining(","));
	}

	Path dataDir() {
		return this.directory.path();
	}

	/**
	 * Stops every node and deletes a temporary data directory, once.
	 * @return whether this call did it, {@code false} if it was done before
	 */
	boolean close() {
		if (!this.closed.compareAndSet(false, true)) {
			return false;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook is stopping the nodes too
		}
		stopAndCleanUp();
		return true;
	}

	/**
	 * What {@link #close()} and the shutdown hook do. Both may run at once, so it must
	 * work twice.
	 */
	private void stopAndCleanUp() {
		stopAll();
		this.directory.deleteIfTemporary();
	}

	/**
	 * Stops all nodes at once: {@code SIGTERM} to each, then {@code SIGKILL} to those
	 * still running after the timeout.
	 */
	private void stopAll() {
		this.nodes.values().forEach(KafkaNode::signalStop);
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (KafkaNode node : this.nodes.values()) {
			if (!node.awaitExit(Duration.ofNanos(deadline - System.nanoTime()))) {
				logger.warn("Kafka node {} did not stop within {} s: killing it", node.nodeId(),
						STOP_TIMEOUT.toSeconds());
				node.kill();
			}
		}
	}

}
