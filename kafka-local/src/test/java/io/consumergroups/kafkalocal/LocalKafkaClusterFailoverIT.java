package io.consumergroups.kafkalocal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three broker processes, one of them killed for real: what a production cluster of three
 * promises must hold here too.
 */
class LocalKafkaClusterFailoverIT {

	private static final String TOPIC = "payments";

	private static final int RECORDS = 20;

	@Test
	void shouldKeepAcknowledgingWritesWhenALeaderIsKilledAndLetItRejoinTheIsr() throws Exception {
		try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().nodes(3).start();
				Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
			// Given a topic whose writes must be on 2 of its 3 replicas
			assertThat(cluster.size()).isEqualTo(3);
			assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
				.all()
				.get(30, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(isrSizes(admin)).containsOnly(3));
			int leader = describe(admin).partitions().get(0).leader().id();
			long pid = cluster.pid(leader);

			// When the leader of partition 0 is killed
			cluster.killNode(leader);

			// Then its process is gone and acks=all writes still succeed
			assertThat(cluster.isRunning(leader)).isFalse();
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
			List<RecordMetadata> acknowledged = produce(cluster.bootstrapServers());
			assertThat(acknowledged).hasSize(RECORDS)
				.allSatisfy((metadata) -> assertThat(metadata.hasOffset()).isTrue());
			assertThat(consume(cluster.bootstrapServers())).hasSize(RECORDS);

			// And when it is started again, it catches up and rejoins every ISR
			cluster.startNode(leader);
			assertThat(cluster.isRunning(leader)).isTrue();
			assertThat(cluster.pid(leader)).isNotEqualTo(pid);
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(isrSizes(admin)).containsOnly(3));
		}
	}

	private static TopicDescription describe(Admin admin) throws Exception {
		return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
	}

	private static List<Integer> isrSizes(Admin admin) throws Exception {
		return describe(admin).partitions().stream().map(TopicPartitionInfo::isr).map(List::size).toList();
	}

	private static List<RecordMetadata> produce(String bootstrapServers) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			List<Future<RecordMetadata>> sends = IntStream.range(0, RECORDS)
				.mapToObj((i) -> producer.send(new ProducerRecord<>(TOPIC, "customer-" + i, "payment-" + i)))
				.toList();
			List<RecordMetadata> acknowledged = new ArrayList<>();
			for (Future<RecordMetadata> send : sends) {
				acknowledged.add(send.get(90, TimeUnit.SECONDS));
			}
			return acknowledged;
		}
	}

	private static List<String> consume(String bootstrapServers) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = IntStream.range(0, 3)
				.mapToObj((p) -> new TopicPartition(TOPIC, p))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> values.add(record.value()));
				return values.size() >= RECORDS;
			});
		}
		return values;
	}

}
