package io.consumergroups.kafkalocal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer-producer that dies inside a transaction leaves its offsets pending: the next
 * owner of its partitions cannot read their committed offsets until the coordinator
 * aborts the transaction. The nodes check for timed-out transactions every second, so
 * that happens within a second or so of the transaction's timeout, not up to 10 s later
 * (Kafka's default interval).
 */
class AbandonedTransactionIT {

	private static final String TOPIC = "orders";

	private static final String GROUP = "order-processors";

	private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * The timeout, the check interval (1 s), writing the abort markers, and the
	 * consumer's retries, on a busy machine.
	 */
	private static final Duration RELEASED_WITHIN = TRANSACTION_TIMEOUT.plusSeconds(3);

	@Test
	void shouldReleaseADeadProducersPendingOffsetsWithinASecondOrSoOfItsTransactionTimeout() throws Exception {
		try (LocalKafkaCluster cluster = LocalKafkaCluster.builder().start()) {
			TopicPartition partition = new TopicPartition(TOPIC, 0);
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}

			// Given a member's transaction with a status and a poll's offsets, never
			// finished
			long abandonedAt;
			ConsumerGroupMetadata member;
			try (KafkaConsumer<String, String> consumer = consumer(cluster)) {
				member = consumer.groupMetadata();
			}
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
							ProducerConfig.TRANSACTIONAL_ID_CONFIG, "order-processor-1",
							ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis()),
					new StringSerializer(), new StringSerializer())) {
				producer.initTransactions();
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(TOPIC, 0, "order-1", "processed")).get(30, TimeUnit.SECONDS);
				producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(1)), member);
				abandonedAt = System.nanoTime();
				// When its producer dies: a forced close sends no abort, as SIGKILL would
				producer.close(Duration.ZERO);
			}

			// Then the next owner reads the partition's committed offset once the
			// coordinator has aborted the transaction: none, as the offsets were never
			// committed
			try (KafkaConsumer<String, String> consumer = consumer(cluster)) {
				Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(partition),
						Duration.ofSeconds(30));
				Duration released = Duration.ofNanos(System.nanoTime() - abandonedAt);

				assertThat(committed.get(partition)).isNull();
				// And not before its timeout: the offsets were pending until then
				assertThat(released).isGreaterThanOrEqualTo(TRANSACTION_TIMEOUT.minusMillis(500))
					.isLessThan(RELEASED_WITHIN);
			}
		}
	}

	private static KafkaConsumer<String, String> consumer(LocalKafkaCluster cluster) {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, GROUP, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer());
	}

}
