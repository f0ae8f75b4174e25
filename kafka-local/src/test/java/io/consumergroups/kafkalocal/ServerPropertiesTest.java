package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ServerPropertiesTest {

	private static final List<NodePorts> THREE_NODES = NodePorts.fixed(3, 9092);

	@Test
	void shouldMakeEveryNodeABrokerAndAVoterOfTheQuorum() {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(1), THREE_NODES,
				Path.of("/kafka/node-2/data"), Map.of());

		assertThat(properties).contains(entry("process.roles", "broker,controller"), entry("node.id", "2"),
				entry("controller.quorum.voters", "1@localhost:9192,2@localhost:9193,3@localhost:9194"),
				entry("listeners", "PLAINTEXT://localhost:9093,CONTROLLER://localhost:9193"),
				entry("advertised.listeners", "PLAINTEXT://localhost:9093"),
				entry("inter.broker.listener.name", "PLAINTEXT"), entry("controller.listener.names", "CONTROLLER"),
				entry("log.dir", Path.of("/kafka/node-2/data").toString()));
	}

	@Test
	void shouldUseProductionDurabilityOnThreeNodes() {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(0), THREE_NODES, Path.of("data"),
				Map.of());

		assertThat(properties).contains(entry("default.replication.factor", "3"), entry("min.insync.replicas", "2"),
				entry("offsets.topic.replication.factor", "3"), entry("transaction.state.log.replication.factor", "3"),
				entry("transaction.state.log.min.isr", "2"),
				entry("share.coordinator.state.topic.replication.factor", "3"),
				entry("share.coordinator.state.topic.min.isr", "2"));
	}

	@Test
	void shouldScaleDurabilityDownToASingleNode() {
		List<NodePorts> oneNode = NodePorts.fixed(1, 9092);

		Map<String, String> properties = ServerProperties.forNode(oneNode.get(0), oneNode, Path.of("data"), Map.of());

		assertThat(properties).contains(entry("controller.quorum.voters", "1@localhost:9192"),
				entry("default.replication.factor", "1"), entry("min.insync.replicas", "1"),
				entry("offsets.topic.replication.factor", "1"), entry("transaction.state.log.replication.factor", "1"),
				entry("transaction.state.log.min.isr", "1"),
				entry("share.coordinator.state.topic.replication.factor", "1"),
				entry("share.coordinator.state.topic.min.isr", "1"));
	}

	@Test
	void shouldEnableBothGroupProtocolsAndRebalanceAtOnce() {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(0), THREE_NODES, Path.of("data"),
				Map.of());

		assertThat(properties).contains(entry("group.coordinator.rebalance.protocols", "classic,consumer,streams"),
				entry("group.initial.rebalance.delay.ms", "0"), entry("group.consumer.min.session.timeout.ms", "6000"),
				entry("auto.create.topics.enable", "false"), entry("num.partitions", "6"));
		assertThat(properties).contains(entry("group.streams.min.session.timeout.ms", "6000"),
				entry("group.streams.min.heartbeat.interval.ms", "1000"));
	}

	@Test
	void shouldLetAShareGroupLockRecordsForASecondAndTimeOutInSixSeconds() {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(0), THREE_NODES, Path.of("data"),
				Map.of());

		assertThat(properties).contains(entry("group.share.min.record.lock.duration.ms", "1000"),
				entry("group.share.min.session.timeout.ms", "6000"),
				entry("group.share.min.heartbeat.interval.ms", "1000"));
	}

	@Test
	void shouldAbortTheTransactionsOfDeadProducersWithinASecondOfTheirTimeout() {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(0), THREE_NODES, Path.of("data"),
				Map.of());

		assertThat(properties).contains(entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"));
	}

	@Test
	void shouldLetBrokerPropertiesOverrideTheDefaults() {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(0), THREE_NODES, Path.of("data"),
				Map.of("num.partitions", "12", "log.retention.ms", "60000"));

		assertThat(properties).contains(entry("num.partitions", "12"), entry("log.retention.ms", "60000"));
	}

	@Test
	void shouldWriteAFileThatReadsBackAsTheSameProperties(@TempDir Path directory) throws IOException {
		Map<String, String> properties = ServerProperties.forNode(THREE_NODES.get(0), THREE_NODES,
				directory.resolve("data dir"), Map.of("some.key", "a\\b=c"));
		Path file = directory.resolve("server.properties");

		ServerProperties.write(properties, file);

		Properties read = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			read.load(reader);
		}
		assertThat(read).containsExactlyInAnyOrderEntriesOf(properties);
	}

}
