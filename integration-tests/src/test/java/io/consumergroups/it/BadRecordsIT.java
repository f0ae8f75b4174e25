package io.consumergroups.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import io.consumergroups.archive.ArchiveServiceApplication;
import io.consumergroups.archive.ArchiveTopics;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.BadRecords;
import io.consumergroups.it.support.BadRecords.BadRecord;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.notification.NotificationServiceApplication;
import io.consumergroups.notification.NotificationTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input never stops a group. A corpus of malformed records (fixed kinds and records
 * generated from a seed by mutating a valid order) is written straight to {@code orders},
 * between valid orders, while all four groups run; every group commits past the end of
 * {@code orders}, dead-letters every bad record in its own dead-letter topic with the
 * cause and the record's origin, and processes every valid order.
 * {@code -Dbadrecords.seed=N} replays a run's generated records.
 */
class BadRecordsIT {

	private static final Logger logger = LoggerFactory.getLogger(BadRecordsIT.class);

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	@TempDir
	static Path stateDir;

	/** Each group reading orders, and where it puts what it cannot process. */
	private static final Map<String, String> DEAD_LETTERS = Map.of("order-processors", Topics.ORDERS_DLT,
			"notification-service", NotificationTopics.DEAD_LETTERS, "analytics-service", AnalyticsTopics.ORDERS_DLT,
			"archive-service", ArchiveTopics.DEAD_LETTERS);

	@Test
	void shouldDeadLetterEveryBadRecordInEveryGroupAndKeepEveryGroupMoving() {
		long seed = Long.getLong("badrecords.seed", System.nanoTime());
		logger.info("Bad records generated from seed {} (replay with -Dbadrecords.seed={})", seed, seed);
		List<RunningService> services = new ArrayList<>();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given all four groups running on orders
			probe.createTopic(Topics.ORDERS, 6);
			services.add(RunningService.orderProcessor(kafka, "order-processor-1"));
			services.add(RunningService.start(NotificationServiceApplication.class, "notification-service", kafka,
					"notifications.instance-id=notification-service-1"));
			RunningService analytics = RunningService.start(AnalyticsServiceApplication.class, "analytics-service",
					kafka, "spring.kafka.streams.state-dir=" + stateDir);
			services.add(analytics);
			List<String> archiveProperties = new ArrayList<>(s3.serviceProperties());
			archiveProperties.add("archive.batch.max-age=1s");
			services.add(RunningService.start(ArchiveServiceApplication.class, "archive-service", kafka,
					archiveProperties.toArray(String[]::new)));
			List<Order> before = IntStream.range(0, 30).mapToObj(OrderFixtures::order).toList();
			probe.publish(before);

			// When bad records, then more valid orders, are written straight to orders
			List<BadRecord> bad = BadRecords.corpus(seed, 40);
			assertThat(bad).hasSizeGreaterThanOrEqualTo(30 + 40);
			Map<Position, BadRecord> written = writeRaw(bad);
			List<Order> after = IntStream.range(30, 90).mapToObj(OrderFixtures::order).toList();
			probe.publish(after);
			int valid = before.size() + after.size();

			// Then every group commits past the end of orders
			await().atMost(Duration.ofSeconds(180))
				.untilAsserted(() -> assertThat(DEAD_LETTERS.keySet()).allSatisfy(
						(group) -> assertThat(probe.groups().lag(group, Topics.ORDERS).total()).as("lag of %s", group)
							.isZero()));

			// And each dead-lettered every bad record, with its cause and where it was
			// (awaited: a transaction's offsets can be visible before its marker on the
			// DLT partition is written, and read_committed readers see the dead letter)
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> DEAD_LETTERS.forEach((group, topic) -> {
				Map<Position, String> causes = deadLetters(probe, topic);
				assertThat(causes.keySet()).as("bad records in %s", topic).containsAll(written.keySet());
				written.forEach((position, record) -> assertThat(causes.get(position))
					.as("cause of '%s' in %s", record.kind(), topic)
					.isNotBlank());
			}));

			// And processed every valid order: one status each, counted by analytics,
			// archived
			List<String> statuses = probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
				.stream()
				.map((record) -> record.value().orderId())
				.toList();
			assertThat(statuses)
				.containsExactlyInAnyOrderElementsOf(concat(before, after).stream().map(Order::orderId).toList());
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(analyticsOrders(analytics)).isEqualTo(valid));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(
						s3.objects("orders-archive").stream().mapToInt((object) -> object.orders().size()).sum())
					.isEqualTo(valid));
		}
		finally {
			services.forEach(RunningService::close);
		}
	}

	/** Where a record was written, or where a dead letter says it came from. */
	record Position(int partition, long offset) {

	}

	private static Map<Position, BadRecord> writeRaw(List<BadRecord> records) {
		Properties settings = new Properties();
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		Map<Position, BadRecord> written = new HashMap<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
				new ByteArraySerializer())) {
			for (BadRecord record : records) {
				ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(Topics.ORDERS, null, record.key(),
						record.value(), record.headers());
				RecordMetadata metadata = producer.send(producerRecord).get(30, TimeUnit.SECONDS);
				written.put(new Position(metadata.partition(), metadata.offset()), record);
				logger.info("Wrote bad record '{}' to {}-{}@{}", record.kind(), Topics.ORDERS, metadata.partition(),
						metadata.offset());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("A bad record could not be written", ex);
		}
		return written;
	}

	/**
	 * The dead letters of a topic by the position of the record they stand for, with
	 * their cause. Spring Kafka's recoverer writes the origin as binary numbers in
	 * {@code kafka_dlt-*} headers; Kafka Streams' dead-letter queue (KIP-1034) as text in
	 * {@code __streams.errors.*} headers.
	 */
	private static Map<Position, String> deadLetters(KafkaProbe probe, String topic) {
		return probe.readCommitted(topic, new ByteArrayDeserializer())
			.stream()
			.filter((record) -> origin(record) != null)
			.collect(Collectors.toMap(BadRecordsIT::origin, BadRecordsIT::cause, (a, b) -> a));
	}

	private static Position origin(ConsumerRecord<String, byte[]> record) {
		Header partition = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
		Header offset = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
		if (partition != null && offset != null) {
			return new Position(ByteBuffer.wrap(partition.value()).getInt(), ByteBuffer.wrap(offset.value()).getLong());
		}
		Header streamsPartition = record.headers().lastHeader("__streams.errors.partition");
		Header streamsOffset = record.headers().lastHeader("__streams.errors.offset");
		if (streamsPartition != null && streamsOffset != null) {
			return new Position(Integer.parseInt(text(streamsPartition)), Long.parseLong(text(streamsOffset)));
		}
		return null;
	}

	private static String cause(ConsumerRecord<String, byte[]> record) {
		Function<String, String> header = (name) -> {
			Header found = record.headers().lastHeader(name);
			return (found != null) ? text(found) : null;
		};
		for (String name : Set.of(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "dlt-root-cause", "__streams.errors.message",
				"__streams.errors.exception")) {
			String cause = header.apply(name);
			if (cause != null && !cause.isBlank()) {
				return cause;
			}
		}
		return null;
	}

	private static String text(Header header) {
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private static long analyticsOrders(RunningService analytics) {
		Map<String, Object> regions = analytics.http().get().uri("/analytics/regions").retrieve().body(Map.class);
		return ((Number) regions.get("orders")).longValue();
	}

	private static List<Order> concat(List<Order> a, List<Order> b) {
		List<Order> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
