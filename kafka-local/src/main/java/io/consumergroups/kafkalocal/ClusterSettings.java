package io.consumergroups.kafkalocal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cluster is started with, as {@link LocalKafkaClusterBuilder} collected it: a
 * snapshot, so that a builder used again starts a cluster of its own.
 *
 * @param nodes 1 or 3
 * @param secured whether clients log in and ACLs apply
 * @param firstBrokerPort the broker port of node 1, or 0 for free ports chosen at random
 * @param dataDir where the node directories go, or {@code null} for a temporary directory
 * @param brokerProperties {@code server.properties} settings of every node, in the order
 * they were set
 * @param nodeProperties {@code server.properties} settings of single nodes, by node id
 */
record ClusterSettings(int nodes, boolean secured, int firstBrokerPort, Path dataDir,
		Map<String, String> brokerProperties, Map<Integer, Map<String, String>> nodeProperties) {

	/**
	 * Copies the properties, and checks what only all settings together tell: that a node
	 * property is for a node the cluster has, as {@code nodes} may be set after it.
	 * @throws IllegalArgumentException if a node property is for a node past
	 * {@code nodes}
	 */
	ClusterSettings {
		Map<Integer, Map<String, String>> byNode = new LinkedHashMap<>();
		nodeProperties.forEach((nodeId, properties) -> {
			if (nodeId > nodes) {
				throw new IllegalArgumentException(
						"A node property is set for node " + nodeId + " of a cluster of " + nodes);
			}
			byNode.put(nodeId, Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
		});
		brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
		nodeProperties = Collections.unmodifiableMap(byNode);
	}

	/**
	 * The ports of every node. Fixed ports are checked to be free first, so that a port
	 * in use fails here, with a hint, rather than in a broker's log.
	 * @return the ports of nodes 1 to {@link #nodes()}
	 * @throws IllegalStateException if a fixed port is in use
	 */
	List<NodePorts> ports() {
		if (this.firstBrokerPort == 0) {
			return NodePorts.random(this.nodes);
		}
		List<NodePorts> ports = NodePorts.fixed(this.nodes, this.firstBrokerPort);
		ports.forEach(NodePorts::requireFree);
		return ports;
	}

	/**
	 * The settings one node gets on top of {@link ServerProperties}: those of every node,
	 * then its own.
	 * @param nodeId the node
	 * @return setting to value, in the order they were set
	 */
	Map<String, String> overrides(int nodeId) {
		Map<String, String> overrides = new LinkedHashMap<>(this.brokerProperties);
		overrides.putAll(this.nodeProperties.getOrDefault(nodeId, Map.of()));
		return overrides;
	}

}
