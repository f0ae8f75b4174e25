package io.consumergroups.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed records never block a partition: each goes to {@code orders.DLT} as it was,
 * with the cause and its origin in headers, and the orders around it are processed.
 */
class DeadLetterIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@Test
	void shouldDeadLetterMalformedRecordsWithTheirCauseAndKeepProcessingTheRest() {
		try (KafkaProbe probe = new KafkaProbe(kafka); RunningService processor = startProcessor(probe)) {
			// Given
			byte[] valid = Topics.orderSerde().serializer().serialize(Topics.ORDERS, OrderFixtures.order(1));
			Map<String, byte[]> malformed = Map.of("not JSON", utf8("{not json"), "wrong type",
					utf8("{\"orderId\":\"order-x\",\"customerId\":\"customer-1\",\"items\":\"many\"}"),
					"missing fields", utf8("{\"orderId\":\"order-y\",\"customerId\":\"customer-1\"}"), "no key", valid);

			// When
			Map<ByteBuffer, RecordMetadata> landedByValue = new HashMap<>();
			malformed.forEach((kind, value) -> landedByValue.put(ByteBuffer.wrap(value), publish(probe, kind, value)));
			List<Order> orders = IntStream.range(100, 160).mapToObj(OrderFixtures::order).toList();
			List<RecordMetadata> ordersLanded = probe.publish(orders);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.groups().lag("order-processors", Topics.ORDERS).total() == 0);

			// Then each malformed record is dead-lettered as it was, and its headers say
			// where it was read: the partition and offset it was written to
			List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(Topics.ORDERS_DLT,
					new ByteArrayDeserializer());
			assertThat(deadLetters).hasSize(malformed.size());
			assertThat(deadLetters).extracting(ConsumerRecord::value)
				.containsExactlyInAnyOrderElementsOf(malformed.values());
			for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
				RecordMetadata landed = landedByValue.get(ByteBuffer.wrap(deadLetter.value()));
				assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.ORDERS);
				assertThat(ByteBuffer.wrap(headerBytes(deadLetter, KafkaHeaders.DLT_ORIGINAL_PARTITION)).getInt())
					.as("original partition of %s", landed)
					.isEqualTo(landed.partition());
				assertThat(ByteBuffer.wrap(headerBytes(deadLetter, KafkaHeaders.DLT_ORIGINAL_OFFSET)).getLong())
					.as("original offset of %s", landed)
					.isEqualTo(landed.offset());
				assertThat(deadLetter.partition()).isEqualTo(landed.partition());
				assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
				assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
			}
			assertThat(deadLetters).filteredOn((record) -> record.key() == null)
				.singleElement()
				.satisfies(
						(record) -> assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("no key"));
			assertThat(deadLetters)
				.filteredOn((record) -> new String(record.value(), StandardCharsets.UTF_8).contains("order-y"))
				.singleElement()
				.satisfies((record) -> assertThat(header(record, "dlt-root-cause")).contains("items")
					.contains("createdAt"));

			// And every order has its status, among them orders written after a malformed
			// record on its partition: the partition moved on past it
			Map<String, OrderStatus> statuses = probe
				.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
				.stream()
				.map(ConsumerRecord::value)
				.collect(Collectors.toMap(OrderStatus::orderId, Function.identity()));
			assertThat(statuses).containsOnlyKeys(orders.stream().map(Order::orderId).toArray(String[]::new));
			for (RecordMetadata bad : landedByValue.values()) {
				List<Integer> after = IntStream.range(0, orders.size())
					.filter((i) -> ordersLanded.get(i).partition() == bad.partition()
							&& ordersLanded.get(i).offset() > bad.offset())
					.boxed()
					.toList();
				assertThat(after).as("orders written after the malformed record at %s", bad).isNotEmpty();
				assertThat(after).allSatisfy((i) -> assertThat(statuses.get(orders.get(i).orderId()))
					.extracting(OrderStatus::partition, OrderStatus::offset)
					.containsExactly(ordersLanded.get(i).partition(), ordersLanded.get(i).offset()));
			}
		}
	}

	private static RunningService startProcessor(KafkaProbe probe) {
		probe.createTopic(Topics.ORDERS, 6);
		RunningService processor = RunningService.orderProcessor(kafka, "order-processor-1");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> probe.groups().consumerGroup("order-processors", Topics.ORDERS),
					(group) -> group.state() == GroupState.STABLE && group.ownerByPartition().size() == 6);
		return processor;
	}

	private static RecordMetadata publish(KafkaProbe probe, String kind, byte[] value) {
		return probe.publishRaw(Topics.ORDERS, kind.equals("no key") ? null : "customer-1", value);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * A header's raw value: Spring Kafka writes the original partition as a 4-byte and
	 * the original offset as an 8-byte big-endian number.
	 */
	private static byte[] headerBytes(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as("header %s", name).isNotNull();
		return header.value();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
