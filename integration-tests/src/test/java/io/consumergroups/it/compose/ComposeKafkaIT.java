package io.consumergroups.it.compose;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.consumergroups.it.compose.ComposeFile.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The Kafka nodes of {@code docker-compose.yml} work: their environment, translated into
 * {@code server.properties} as the {@code apache/kafka} image translates it, boots a real
 * 3-node KRaft cluster here (addresses moved to free local ports, nothing else changed);
 * the init container's {@code kafka-topics.sh} creates {@code orders} as the architecture
 * wants it, and that topic keeps acknowledging {@code acks=all} writes with a node down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeKafkaIT {

	private static final Pattern DEV_TCP = Pattern.compile("/dev/tcp/localhost/(\\d+)");

	private static final Set<String> ADDRESSES = Set.of("listeners", "advertised.listeners",
			"controller.quorum.voters");

	private static final ComposeFile compose = ComposeFile.load();

	private static ComposeKafkaCluster kafka;

	@BeforeAll
	static void startTheComposeNodes() {
		kafka = ComposeKafkaCluster.start(compose);
	}

	@AfterAll
	static void stopTheComposeNodes() {
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	@Order(1)
	void shouldRunEachNodeWithExactlyTheSettingsOfItsComposeEnvironment() {
		kafka.composeProperties().forEach((node, composed) -> {
			// Given what the image writes for the node
			// When the node runs here
			Map<String, String> written = kafka.writtenProperties(node);

			// Then it ran with those settings and no other: no kafka-local default
			// filled a gap the compose file would leave to Kafka's own defaults
			Set<String> expectedKeys = new HashSet<>(composed.keySet());
			expectedKeys.removeAll(ComposeKafkaCluster.CONTAINER_PATHS);
			expectedKeys.add("log.dir");
			assertThat(written.keySet()).as(node).containsExactlyInAnyOrderElementsOf(expectedKeys);
			composed.forEach((key, value) -> {
				if (!ADDRESSES.contains(key) && !ComposeKafkaCluster.CONTAINER_PATHS.contains(key)) {
					assertThat(written.get(key)).as(node + " " + key).isEqualTo(value);
				}
			});
			// And the same listeners, quorum and advertised addresses, made local
			Map<String, String> localListeners = new LinkedHashMap<>();
			ComposeKafkaCluster.listenerPorts(composed)
				.forEach((listener, port) -> localListeners.put(listener, kafka.local(node, port)));
			assertThat(written.get("listeners")).as(node)
				.isEqualTo(String.join(",",
						localListeners.entrySet()
							.stream()
							.map((listener) -> listener.getKey() + "://" + listener.getValue())
							.toList()));
			assertThat(written.get("advertised.listeners")).as(node)
				.isEqualTo(kafka.localize(composed.get("advertised.listeners")));
			assertThat(written.get("controller.quorum.voters")).as(node)
				.isEqualTo(kafka.localize(composed.get("controller.quorum.voters")));
		});
	}

	@Test
	@Order(1)
	void shouldDifferFromNodeToNodeOnlyInIdAndListeners() {
		// Given the three nodes' settings
		List<Service> nodes = compose.kafkaNodes();
		assertThat(nodes).extracting(Service::name).containsExactly("kafka-1", "kafka-2", "kafka-3");

		// Then one cluster id, valid for kafka-storage.sh format, and every variable the
		// image would otherwise default for a single node is set
		assertThat(nodes).extracting((node) -> node.environment().get("CLUSTER_ID"))
			.containsOnly(nodes.get(0).environment().get("CLUSTER_ID"));
		assertThatNoException().isThrownBy(() -> Uuid.fromString(nodes.get(0).environment().get("CLUSTER_ID")));
		nodes.forEach((node) -> assertThat(node.environment()).as(node.name())
			.containsKeys(KafkaImage.SINGLE_NODE_DEFAULTS.toArray(String[]::new)));
		// And no value that the image would silently drop
		nodes.forEach((node) -> assertThat(node.environment().values()).as(node.name())
			.noneMatch((value) -> value.contains("=")));
		// And, beyond its id and listeners, each node is configured as the others
		Map<String, String> first = kafka.composeProperties().get("kafka-1");
		kafka.composeProperties().forEach((node, properties) -> {
			Set<String> different = new HashSet<>();
			properties.forEach((key, value) -> {
				if (!value.equals(first.get(key))) {
					different.add(key);
				}
			});
			assertThat(properties.keySet()).as(node).isEqualTo(first.keySet());
			assertThat(different).as(node).isSubsetOf("node.id", "listeners", "advertised.listeners");
		});
	}

	@Test
	@Order(1)
	void shouldBeHealthyOnceTheListenerItsHealthcheckProbesAcceptsConnections() {
		for (Service node : compose.kafkaNodes()) {
			// Given the healthcheck's command
			Matcher probe = DEV_TCP.matcher(String.join(" ", node.healthcheck()));
			assertThat(probe.find()).as(node.name() + " probes a port with bash's /dev/tcp").isTrue();
			int port = Integer.parseInt(probe.group(1));
			Map<String, String> properties = kafka.composeProperties().get(node.name());

			// Then it probes a broker listener, not the controller's
			Map<String, Integer> listeners = ComposeKafkaCluster.listenerPorts(properties);
			assertThat(listeners).as(node.name()).containsValue(port);
			assertThat(listeners.get(properties.get("controller.listener.names"))).isNotEqualTo(port);
			// And the running node accepts connections there
			String[] local = kafka.local(node.name(), port).split(":");
			assertThatNoException().as(node.name()).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(local[0], Integer.parseInt(local[1])), 5000);
				}
			});
		}
	}

	@Test
	@Order(1)
	void shouldCreateTheOrdersTopicAsTheInitContainerDoes() throws Exception {
		// Given the init container's command
		Service init = compose.service("kafka-init");
		assertThat(init.entrypoint()).containsExactly("/opt/kafka/bin/kafka-topics.sh");

		// When it runs, and runs again (a second `docker compose up`)
		kafka.kafkaTopics(init.command());
		kafka.kafkaTopics(init.command());

		// Then orders has 6 partitions, each on all three brokers, in sync, and needs two
		// of them for an acks=all write
		try (Admin admin = admin()) {
			TopicDescription orders = admin.describeTopics(List.of("orders"))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get("orders");
			assertThat(orders.partitions()).hasSize(6).allSatisfy((partition) -> {
				assertThat(partition.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
				assertThat(partition.isr()).hasSize(3);
			});
			String minInsyncReplicas = admin
				.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "orders")))
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.iterator()
				.next()
				.get("min.insync.replicas")
				.value();
			assertThat(minInsyncReplicas).isEqualTo("2");
			// And leadership is spread over the three nodes
			assertThat(orders.partitions()).extracting(TopicPartitionInfo::leader)
				.extracting(Node::id)
				.containsOnly(1, 2, 3);
		}
	}

	@Test
	@Order(2)
	void shouldAcknowledgeAcksAllWritesOnBothListenersAndWithANodeDown() throws Exception {
		// Given orders, created by the init container
		kafka.kafkaTopics(compose.service("kafka-init").command());
		String servicesBootstrap = kafka
			.localize(compose.service("order-producer").environment().get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));

		// When written with acks=all from a container (INTERNAL) and the host (EXTERNAL)
		// Then every partition acknowledges
		assertThat(writeToEveryPartition(servicesBootstrap)).hasSize(6);
		assertThat(writeToEveryPartition(kafka.hostBootstrapServers())).hasSize(6);

		// When a node crashes
		kafka.local().killNode(3);

		// Then two in-sync replicas remain: still enough for min.insync.replicas=2
		assertThat(writeToEveryPartition(servicesBootstrap)).hasSize(6);
	}

	private static List<RecordMetadata> writeToEveryPartition(String bootstrapServers) throws Exception {
		Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
				new StringSerializer())) {
			List<RecordMetadata> written = new ArrayList<>();
			for (int partition = 0; partition < 6; partition++) {
				written.add(producer.send(new ProducerRecord<>("orders", partition, "customer-" + partition, "{}"))
					.get(60, TimeUnit.SECONDS));
			}
			return written;
		}
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.hostBootstrapServers()));
	}

}
