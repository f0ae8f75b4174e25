package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code server.properties} of one node. Every node is a broker and a controller
 * (KRaft combined mode), and the durability settings are those of a production cluster of
 * three brokers, scaled down when there is only one node.
 */
final class ServerProperties {

	private ServerProperties() {
	}

	/**
	 * The settings of one node.
	 * @param node the node
	 * @param cluster every node of the cluster, {@code node} included
	 * @param logDir where the node keeps its partitions and metadata log
	 * @param overrides extra settings, which win over the ones chosen here
	 * @return the settings, in the order they are written
	 */
	static Map<String, String> forNode(NodePorts node, List<NodePorts> cluster, Path logDir,
			Map<String, String> overrides) {
		int size = cluster.size();
		Map<String, String> properties = new LinkedHashMap<>();
		// Every node is both broker and controller: no separate controller processes to
		// run
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(node.nodeId()));
		// A static quorum: every node votes, so 3 nodes survive the loss of any one
		properties.put("controller.quorum.voters",
				cluster.stream()
					.map((voter) -> voter.nodeId() + "@localhost:" + voter.controllerPort())
					.collect(Collectors.joining(",")));
		properties.put("listeners",
				"PLAINTEXT://localhost:" + node.brokerPort() + ",CONTROLLER://localhost:" + node.controllerPort());
		properties.put("advertised.listeners", "PLAINTEXT://localhost:" + node.brokerPort());
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		properties.put("log.dir", logDir.toString());
		// As in production: three copies of every partition, and a write with acks=all is
		// on two of them before it is acknowledged, so one broker can die without losing
		// it
		properties.put("default.replication.factor", String.valueOf(Math.min(3, size)));
		properties.put("min.insync.replicas", String.valueOf(Math.min(2, size)));
		// Committed offsets, transactions and share-group state: as safe as the data
		properties.put("offsets.topic.replication.factor", String.valueOf(size));
		properties.put("transaction.state.log.replication.factor", String.valueOf(size));
		properties.put("transaction.state.log.min.isr", String.valueOf(Math.min(2, size)));
		properties.put("share.coordinator.state.topic.replication.factor", String.valueOf(size));
		properties.put("share.coordinator.state.topic.min.isr", String.valueOf(Math.min(2, size)));
		// A member that dies inside a transaction leaves it open, and its partitions'
		// next owner cannot read their committed offsets until the coordinator aborts
		// it: transaction.timeout.ms after it began, found by a scan that runs every 10
		// s by default. Scanning every second keeps a failover within the transaction
		// timeout plus a second, instead of plus up to 10 s.
		properties.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
		// Topics are created on purpose (NewTopic beans, the Admin API), never by a typo
		properties.put("auto.create.topics.enable", "false");
		properties.put("num.partitions", "6");
		// Demos and tests want the first rebalance at once, not 3 s after the first
		// member joins
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("group.streams.initial.rebalance.delay.ms", "0");
		// The classic protocol and KIP-848's consumer protocol side by side, and streams
		// groups: Kafka 4.2's default, written out because the demos rely on it
		properties.put("group.coordinator.rebalance.protocols", "classic,consumer,streams");
		// With the consumer protocol the broker, not the client, owns the session
		// timeout and heartbeat interval: at least 45 s and 5 s by default. A group's
		// config (consumer.session.timeout.ms, consumer.heartbeat.interval.ms) may go
		// down to 6 s and 1 s here, so that a killed consumer's partitions move on in a
		// demo's time, as they do under the classic protocol.
		properties.put("group.consumer.min.session.timeout.ms", "6000");
		properties.put("group.consumer.min.heartbeat.interval.ms", "1000");
		// The same for streams groups (KIP-1071), whose session is the broker's too:
		// streams.session.timeout.ms and streams.heartbeat.interval.ms, 45 s and 5 s at
		// least by default, may go down to 6 s and 1 s
		properties.put("group.streams.min.session.timeout.ms", "6000");
		properties.put("group.streams.min.heartbeat.interval.ms", "1000");
		// Share groups (KIP-932) are on in Kafka 4.2 without a setting: a storage
		// formatted at metadata version 4.2 has feature share.version=1. Their
		// broker-side bounds are as long as the consumer protocol's: a share group's
		// config (share.record.lock.duration.ms, share.session.timeout.ms,
		// share.heartbeat.interval.ms) may go down to 1 s, 6 s and 1 s here, so that a
		// killed member's records come back, and its partitions move on, in a demo's
		// time.
		properties.put("group.share.min.record.lock.duration.ms", "1000");
		properties.put("group.share.min.session.timeout.ms", "6000");
		properties.put("group.share.min.heartbeat.interval.ms", "1000");
		properties.putAll(overrides);
		return properties;
	}

	/**
	 * Writes settings in the {@code .properties} format Kafka reads.
	 * @param properties the settings
	 * @param file where to write them
	 */
	static void write(Map<String, String> properties, Path file) {
		StringBuilder text = new StringBuilder("# Written by kafka-local (ServerProperties) for this run\n");
		properties.forEach(
				(key, value) -> text.append(escape(key, true)).append('=').append(escape(value, false)).append('\n'));
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static String escape(String text, boolean key) {
		StringBuilder escaped = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (c == '\\' || (key && (c == '=' || c == ':' || c == ' '))) {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

}
