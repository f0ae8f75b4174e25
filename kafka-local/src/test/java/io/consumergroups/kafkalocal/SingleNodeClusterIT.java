package io.consumergroups.kafkalocal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SingleNodeClusterIT {

	private static final String TOPIC = "orders";

	@Test
	void shouldServeAConsumerGroupOnARandomPortAndLeaveNothingBehind() throws Exception {
		LocalKafkaCluster cluster = LocalKafkaCluster.builder().start();
		long pid;
		Path dataDir;
		try (cluster) {
			// Given a single node on a random port
			assertThat(cluster.nodeIds()).containsExactly(1);
			assertThat(cluster.bootstrapServers()).matches("localhost:\\d+").isEqualTo(cluster.bootstrapServers(1));
			pid = cluster.pid(1);
			dataDir = cluster.dataDir();

			// When a topic is created with the broker's defaults and written to
			TopicDescription topic = createTopic(cluster.bootstrapServers());
			produce(cluster.bootstrapServers(), "order-1", "order-2", "order-3");

			// Then it has 6 partitions of 1 replica and a group of the consumer protocol
			// reads it
			assertThat(topic.partitions()).hasSize(6)
				.allSatisfy((partition) -> assertThat(partition.replicas()).hasSize(1));
			assertThat(consumeInGroup(cluster.bootstrapServers())).containsExactlyInAnyOrder("order-1", "order-2",
					"order-3");
		}

		// And once closed, no broker process or data is left
		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(cluster.isRunning(1)).isFalse();
		assertThat(dataDir).doesNotExist();
		cluster.close();
	}

	private static TopicDescription createTopic(String bootstrapServers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, Optional.empty(), Optional.empty())))
				.all()
				.get(30, TimeUnit.SECONDS);
			return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
		}
	}

	private static void produce(String bootstrapServers, String... values) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new StringSerializer())) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(TOPIC, value, value)).get(30, TimeUnit.SECONDS);
			}
		}
	}

	private static List<String> consumeInGroup(String bootstrapServers) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "single-node-it", ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(TOPIC));
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> values.add(record.value()));
				return values.size() >= 3;
			});
		}
		return values;
	}

}
