package io.consumergroups.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.consumergroups.archive.ArchiveServiceApplication;
import io.consumergroups.archive.ArchiveTopics;
import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.LocalS3.StoredObject;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.notification.NotificationServiceApplication;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.SentNotification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input never stops the two sinks: bad records of every kind, written straight to
 * {@code orders} between valid orders, each end in the dead-letter topic of each group,
 * with the cause and their origin in headers, even those as large as Kafka allows; both
 * groups commit past the end of {@code orders}; every valid order is notified and
 * archived exactly once.
 */
class SinksBadInputIT {

	private static final String BUCKET = "orders-archive";

	/** Big enough for a record near 1 MB, small enough for Kafka's default limits. */
	private static final int NEARLY_ONE_MEGABYTE = 900 * 1024;

	private static final String VALID = "{\"orderId\":\"order-bad\",\"customerId\":\"customer-1\",\"region\":\"eu-west\","
			+ "\"items\":[{\"sku\":\"sku-1\",\"quantity\":2,\"unitPrice\":9.95}],\"total\":19.9,"
			+ "\"currency\":\"EUR\",\"createdAt\":\"2026-01-02T03:04:05Z\"}";

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	@Test
	void shouldDeadLetterEveryBadRecordWithItsCauseAndNotifyAndArchiveEveryValidOrderOnce() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given both groups running
			probe.createTopic(Topics.ORDERS, 6);
			probe.createTopic(Topics.ORDER_STATUS, 6);
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> probe.groups().endOffsets(Topics.ORDERS).size() == 6);
			try (RunningService notifications = RunningService.start(NotificationServiceApplication.class,
					"notification-service", kafka, "notifications.instance-id=notification-service-1");
					RunningService archive = startArchive()) {

				// When bad records of every kind are written to orders, each after a
				// valid order
				List<BadRecord> bad = badRecords();
				List<Order> valid = new ArrayList<>();
				Map<String, RecordMetadata> written = new LinkedHashMap<>();
				try (KafkaProducer<String, byte[]> producer = rawProducer();
						Serializer<Order> json = Topics.orderSerde().serializer()) {
					for (BadRecord record : bad) {
						Order order = OrderFixtures.order(valid.size());
						valid.add(order);
						send(producer, new ProducerRecord<>(Topics.ORDERS, order.customerId(),
								json.serialize(Topics.ORDERS, order)));
						written.put(record.kind(), send(producer, record.toProducerRecord()));
					}
					for (int i = 0; i < 20; i++) {
						Order order = OrderFixtures.order(valid.size());
						valid.add(order);
						send(producer, new ProducerRecord<>(Topics.ORDERS, order.customerId(),
								json.serialize(Topics.ORDERS, order)));
					}
				}

				// Then both groups commit past the end of orders
				await().atMost(Duration.ofSeconds(120))
					.until(() -> probe.groups().lag("notification-service", Topics.ORDERS).total() == 0
							&& probe.groups().lag("archive-service", Topics.ORDERS).total() == 0);

				// And each bad record is in each group's DLT once, on its partition
				// number, with its origin, its group and its cause
				Map<String, BadRecord> byKind = bad.stream()
					.collect(Collectors.toMap(BadRecord::kind, Function.identity()));
				// (awaited: a transaction's offsets can be visible before its marker on
				// the DLT partition is written, and read_committed readers see the dead
				// letter)
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					assertDeadLetters(probe, NotificationTopics.DEAD_LETTERS, "notification-service", written, byKind);
					assertDeadLetters(probe, ArchiveTopics.DEAD_LETTERS, "archive-service", written, byKind);
				});

				// And every valid order was notified once: its confirmation recorded
				// once, in committed transactions, and nothing else
				List<ConsumerRecord<String, SentNotification>> sent = probe.readCommitted(NotificationTopics.SENT,
						NotificationTopics.sentSerde().deserializer());
				assertThat(sent).extracting(ConsumerRecord::key)
					.containsExactlyInAnyOrderElementsOf(
							valid.stream().map((order) -> order.orderId() + ":confirmation").toList());

				// And archived once
				List<String> archived = s3.objects(BUCKET)
					.stream()
					.map(StoredObject::orders)
					.flatMap(List::stream)
					.map(Order::orderId)
					.toList();
				assertThat(archived).containsExactlyInAnyOrderElementsOf(valid.stream().map(Order::orderId).toList());
			}
		}
	}

	private static void assertDeadLetters(KafkaProbe probe, String topic, String group,
			Map<String, RecordMetadata> written, Map<String, BadRecord> byKind) {
		List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(topic, new ByteArrayDeserializer());
		Map<String, String> kindByOrigin = new HashMap<>();
		written.forEach((kind, metadata) -> kindByOrigin.put(metadata.partition() + "@" + metadata.offset(), kind));
		assertThat(deadLetters).as(topic)
			.extracting(SinksBadInputIT::origin)
			.containsExactlyInAnyOrderElementsOf(kindByOrigin.keySet());
		for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
			String kind = kindByOrigin.get(origin(deadLetter));
			assertThat(deadLetter.partition()).as(topic + ": " + kind).isEqualTo(intHeader(deadLetter));
			assertThat(text(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).as(kind).isEqualTo(Topics.ORDERS);
			assertThat(text(deadLetter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).as(kind).isEqualTo(group);
			assertThat(text(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN)).as(kind).isNotBlank();
			assertThat(text(deadLetter, DeadLetters.ROOT_CAUSE_HEADER)).as(topic + ": " + kind)
				.containsIgnoringCase(byKind.get(kind).cause());
			if (byKind.get(kind).truncated()) {
				assertThat(text(deadLetter, DeadLetterPublisher.TRUNCATED_HEADER)).as(kind).isNotBlank();
			}
		}
	}

	/**
	 * Every kind of bad record: not JSON, wrong JSON, outside the contract, without key
	 * or value, keyed by another customer, and as large as Kafka allows.
	 */
	private static List<BadRecord> badRecords() {
		Headers megabyte = new RecordHeaders();
		for (int i = 0; i < 16; i++) {
			megabyte.add("padding-" + i, new byte[62_500]);
		}
		return List.of(new BadRecord("not JSON", "customer-1", utf8("{not json"), "Unexpected character"),
				new BadRecord("binary", "customer-2", new byte[] { 0, (byte) 0xff, (byte) 0xfe, 1 }, ""),
				new BadRecord("empty value", "customer-3", new byte[0], ""),
				new BadRecord("JSON array", "customer-4", utf8("[1,2,3]"), ""),
				new BadRecord("missing fields", "customer-5",
						utf8("{\"orderId\":\"order-y\",\"customerId\":\"customer-5\"}"), "createdAt"),
				bad("unitPrice 1e-999999999", "\"unitPrice\":1e-999999999", "unitPrice"),
				bad("total 1E+2147483647", "\"total\":1E+2147483647", "total"),
				bad("createdAt in year 999999999", "\"createdAt\":\"+999999999-12-31T23:59:59Z\"", "createdAt"),
				bad("quantity 2.7", "\"quantity\":2.7", "quantity"),
				bad("quantity as a string", "\"quantity\":\"2\"", "quantity"),
				bad("duplicate field", "\"orderId\":\"order-bad\",\"orderId\":\"order-other\"", "orderId"),
				new BadRecord("trailing tokens", "customer-1", utf8(VALID + "{}"), "trailing token"),
				bad("customer id with a space", "\"customerId\":\"customer 1\"", "customerId"),
				bad("900 KB order id", "\"orderId\":\"" + "o".repeat(NEARLY_ONE_MEGABYTE) + "\"", "orderId").large(),
				new BadRecord("900 KB customer id key", "customer-" + "9".repeat(NEARLY_ONE_MEGABYTE), utf8(VALID),
						"is not the order's customer id")
					.large(),
				new BadRecord("another customer's key", "customer-2", utf8(VALID), "is not the order's customer id"),
				new BadRecord("null key", null, utf8(VALID), "no key"),
				new BadRecord("tombstone", "customer-1", null, "no value"), new BadRecord("1 MB of headers",
						"customer-1", utf8(VALID.replace("EUR", "eur")), megabyte, "currency", true));
	}

	/** The valid order with one field replaced. */
	private static BadRecord bad(String kind, String field, String cause) {
		String name = field.substring(0, field.indexOf(':'));
		String json = VALID.replaceFirst(Pattern.quote(name) + ":(\"[^\"]*\"|[^,}\\]]*)",
				Matcher.quoteReplacement(field));
		assertThat(json).as(kind).isNotEqualTo(VALID);
		return new BadRecord(kind, "customer-1", utf8(json), cause);
	}

	private static RunningService startArchive() {
		List<String> properties = new ArrayList<>(s3.serviceProperties());
		properties.addAll(List.of("archive.batch.max-orders=10", "archive.batch.max-age=2s"));
		return RunningService.start(ArchiveServiceApplication.class, "archive-service", kafka,
				properties.toArray(String[]::new));
	}

	/**
	 * A producer that writes whatever bytes and headers it is given, as a buggy client.
	 */
	private static KafkaProducer<String, byte[]> rawProducer() {
		Properties settings = new Properties();
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		// One record per request, in the order written
		settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
	}

	private static RecordMetadata send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
		try {
			return producer.send(record).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not write " + record.topic(), ex);
		}
	}

	private static String origin(ConsumerRecord<?, ?> deadLetter) {
		long offset = ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
			.getLong();
		return intHeader(deadLetter) + "@" + offset;
	}

	private static int intHeader(ConsumerRecord<?, ?> deadLetter) {
		return ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt();
	}

	private static String text(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * A bad record to write.
	 *
	 * @param kind what is wrong with it
	 * @param key its key, may be null
	 * @param value its value, null for a tombstone
	 * @param headers its headers
	 * @param cause what its dead letter's root cause says, ignoring case; empty when the
	 * parser's wording is all there is to say
	 * @param truncated whether its dead letter must be cut to fit the topic
	 */
	private record BadRecord(String kind, String key, byte[] value, Headers headers, String cause, boolean truncated) {

		BadRecord(String kind, String key, byte[] value, String cause) {
			this(kind, key, value, new RecordHeaders(), cause, false);
		}

		BadRecord large() {
			return new BadRecord(this.kind, this.key, this.value, this.headers, this.cause, true);
		}

		ProducerRecord<String, byte[]> toProducerRecord() {
			return new ProducerRecord<>(Topics.ORDERS, null, this.key, this.value, this.headers);
		}

	}

}
