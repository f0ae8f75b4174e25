package io.consumergroups.notification.notifying;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.TestProperties;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.channel.NotificationChannel;
import io.consumergroups.notification.channel.PermanentDeliveryException;
import io.consumergroups.notification.config.NotificationProperties;
import io.consumergroups.notification.sent.RecentNotifications;
import io.consumergroups.notification.sent.SentNotifications;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One poll of a listener: what is notified, what is dead-lettered, and where the poll
 * ends for a record to retry. The container is played by the test: it hands the records
 * from the first one not acknowledged, as a consumer sought back by a {@code nack} would.
 */
class PollNotifierTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final NotificationProperties properties = TestProperties.withChannel(NotificationProperties.Channel.LOG,
			null);

	private ScriptedChannel channel;

	private MockProducer<String, Object> producer;

	private MockConsumer<String, Object> consumer;

	private final NotificationRules rules = new NotificationRules(this.properties);

	private PollNotifier poll;

	PollNotifierTest() {
		fresh();
	}

	/**
	 * A new channel, producer and notifier: jqwik runs every try of a property on one
	 * instance.
	 */
	@BeforeTry
	void fresh() {
		this.channel = new ScriptedChannel();
		this.producer = new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]) {

			@Override
			public void close(Duration timeout) {
				// The template closes its producer after each send outside a transaction.
			}

		};
		this.consumer = new MockConsumer<>("earliest");
		this.poll = pollNotifier();
	}

	@Test
	void shouldNotifyEveryValidRecordAndDeadLetterTheMalformedOnesWithoutEndingThePoll() {
		// Given
		List<ConsumerRecord<String, Order>> records = List.of(order(0, "order-0", "10.00"), malformed(1), tombstone(2),
				order(3, "order-3", "250.00"));

		// When
		Polled polled = poll(records);

		// Then
		assertThat(polled.nackIndex()).isNull();
		assertThat(this.channel.sent).containsExactly("order-0:confirmation", "order-3:confirmation",
				"order-3:high-total");
		assertThat(keysWritten(NotificationTopics.SENT)).containsExactly("order-0:confirmation", "order-3:confirmation",
				"order-3:high-total");
		assertThat(deadLetterOffsets()).containsExactly(1L, 2L);
		assertThat(deadLetter(1).value()).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
		assertThat(header(deadLetter(2), KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.isEqualTo(MalformedRecordException.class.getName());
	}

	@Test
	void shouldDeadLetterARefusedNotificationAtOnceAndRecordWhatWasSentForItsRecord() {
		// Given
		this.channel.refuse("order-1:high-total");
		List<ConsumerRecord<String, Order>> records = List.of(order(0, "order-1", "250.00"),
				order(1, "order-2", "10.00"));

		// When
		Polled polled = poll(records);

		// Then
		assertThat(polled.nackIndex()).isNull();
		assertThat(this.channel.sent).containsExactly("order-1:confirmation", "order-2:confirmation");
		assertThat(keysWritten(NotificationTopics.SENT)).containsExactly("order-1:confirmation",
				"order-2:confirmation");
		assertThat(deadLetterOffsets()).containsExactly(0L);
		assertThat(header(deadLetter(0), KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.isEqualTo(PermanentDeliveryException.class.getName());
	}

	@Test
	void shouldEndThePollAtAnUnavailableReceiverRetryAfterOneTwoAndFourSecondsThenDeadLetter() {
		// Given a receiver that fails order-2's confirmation every time
		this.channel.failTimes("order-2:confirmation", Integer.MAX_VALUE);
		List<ConsumerRecord<String, Order>> records = List.of(order(0, "order-1", "10.00"),
				order(1, "order-2", "10.00"), order(2, "order-3", "10.00"));

		// When the container delivers the records from the first not acknowledged
		List<Duration> waits = new ArrayList<>();
		int position = 0;
		while (position < records.size()) {
			Polled polled = poll(records.subList(position, records.size()));
			if (polled.nackIndex() == null) {
				break;
			}
			waits.add(polled.nackSleep());
			position += polled.nackIndex();
		}

		// Then
		assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
		assertThat(this.channel.sent).containsExactly("order-1:confirmation", "order-3:confirmation");
		assertThat(deadLetterOffsets()).containsExactly(1L);
		assertThat(header(deadLetter(1), KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
			.isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void shouldEndThePollAfterTheRecordInHandWhenTheContainerStops() {
		// Given
		List<ConsumerRecord<String, Order>> records = List.of(order(0, "order-1", "10.00"),
				order(1, "order-2", "10.00"), order(2, "order-3", "10.00"));
		int[] asked = { 0 };

		// When the container stops while the first record is in hand
		Polled polled = poll(records, () -> asked[0]++ == 0);

		// Then
		assertThat(polled.nackIndex()).isEqualTo(1);
		assertThat(polled.nackSleep()).isZero();
		assertThat(this.channel.sent).containsExactly("order-1:confirmation");
		assertThat(keysWritten(NotificationTopics.SENT)).containsExactly("order-1:confirmation");
	}

	/**
	 * Whatever the records and however the container cuts them into polls: every
	 * notification of a record that can be handled is sent once, every record that cannot
	 * is dead-lettered once, and nothing else is.
	 */
	@Property(tries = 300)
	void shouldSendEachNotificationOnceAndDeadLetterEachFailedRecordOnce(
			@ForAll("records") @Size(min = 1, max = 40) List<Kind> kinds,
			@ForAll @IntRange(min = 1, max = 8) int maxPollRecords) {
		// Given
		List<ConsumerRecord<String, Order>> records = new ArrayList<>();
		List<String> expectedSent = new ArrayList<>();
		List<Long> expectedDeadLetters = new ArrayList<>();
		for (int offset = 0; offset < kinds.size(); offset++) {
			Kind kind = kinds.get(offset);
			String orderId = "order-" + offset;
			switch (kind.what()) {
				case MALFORMED -> records.add(malformed(offset));
				case TOMBSTONE -> records.add(tombstone(offset));
				default -> records.add(order(offset, orderId, kind.high() ? "250.00" : "10.00"));
			}
			boolean deadLettered = switch (kind.what()) {
				case MALFORMED, TOMBSTONE, REFUSED -> true;
				case VALID -> false;
				case UNAVAILABLE -> kind.failures() > 3;
			};
			if (kind.what() == What.REFUSED) {
				this.channel.refuse(orderId + ":confirmation");
			}
			if (kind.what() == What.UNAVAILABLE) {
				this.channel.failTimes(orderId + ":confirmation", kind.failures());
			}
			if (deadLettered) {
				expectedDeadLetters.add((long) offset);
			}
			else {
				expectedSent.add(orderId + ":confirmation");
				if (kind.high()) {
					expectedSent.add(orderId + ":high-total");
				}
			}
		}

		// When
		int position = 0;
		for (int polls = 0; position < records.size(); polls++) {
			assertThat(polls).as("polls").isLessThan(10 * records.size());
			Polled polled = poll(records.subList(position, Math.min(position + maxPollRecords, records.size())));
			position += (polled.nackIndex() != null) ? polled.nackIndex()
					: Math.min(maxPollRecords, records.size() - position);
		}

		// Then
		assertThat(this.channel.sent).containsExactlyElementsOf(expectedSent);
		assertThat(keysWritten(NotificationTopics.SENT)).containsExactlyElementsOf(expectedSent);
		assertThat(deadLetterOffsets()).containsExactlyElementsOf(expectedDeadLetters);
	}

	@Provide
	Arbitrary<List<Kind>> records() {
		Arbitrary<What> what = Arbitraries.frequency(net.jqwik.api.Tuple.of(6, What.VALID),
				net.jqwik.api.Tuple.of(1, What.MALFORMED), net.jqwik.api.Tuple.of(1, What.TOMBSTONE),
				net.jqwik.api.Tuple.of(1, What.REFUSED), net.jqwik.api.Tuple.of(2, What.UNAVAILABLE));
		return Combinators.combine(what, Arbitraries.of(true, false), Arbitraries.integers().between(1, 5))
			.as(Kind::new)
			.list();
	}

	enum What {

		VALID, MALFORMED, TOMBSTONE, REFUSED, UNAVAILABLE

	}

	/**
	 * A record of the generated log.
	 *
	 * @param what what it is
	 * @param high whether its total is above the alert threshold
	 * @param failures how often the receiver fails its confirmation, when unavailable
	 */
	record Kind(What what, boolean high, int failures) {

	}

	private PollNotifier pollNotifier() {
		this.consumer.updatePartitions(NotificationTopics.DEAD_LETTERS, IntStream.range(0, 6)
			.mapToObj((partition) -> new PartitionInfo(NotificationTopics.DEAD_LETTERS, partition, null, null, null))
			.toList());
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		SentNotifications sent = new SentNotifications(() -> {
			throw new IllegalStateException("no partition is assigned in this test");
		}, Duration.ofDays(1), clock);
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(() -> this.producer);
		Notifier notifier = new Notifier(this.channel, sent, new RecentNotifications(this.properties), template, clock,
				new SimpleMeterRegistry());
		return new PollNotifier(notifier,
				DeadLetterPublisher.toSamePartition(template, NotificationTopics.DEAD_LETTERS));
	}

	private Polled poll(List<ConsumerRecord<String, Order>> records) {
		return poll(records, () -> true);
	}

	private Polled poll(List<ConsumerRecord<String, Order>> records, java.util.function.BooleanSupplier running) {
		RecordingAcknowledgment acknowledgment = new RecordingAcknowledgment();
		this.poll.notifyAll(records, (record) -> this.rules.forOrder(record.key(), record.value()), this.consumer,
				acknowledgment, running);
		return new Polled(acknowledgment.index, acknowledgment.sleep);
	}

	private List<String> keysWritten(String topic) {
		return this.producer.history().stream().filter((record) -> record.topic().equals(topic)).map((record) -> {
			Object key = record.key();
			return String.valueOf(key);
		}).toList();
	}

	private List<Long> deadLetterOffsets() {
		return this.producer.history()
			.stream()
			.filter((record) -> record.topic().equals(NotificationTopics.DEAD_LETTERS))
			.map((record) -> ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
				.getLong())
			.toList();
	}

	private ProducerRecord<String, Object> deadLetter(long offset) {
		return this.producer.history()
			.stream()
			.filter((record) -> record.topic().equals(NotificationTopics.DEAD_LETTERS))
			.filter((record) -> ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
				.getLong() == offset)
			.findFirst()
			.orElseThrow();
	}

	private static String header(ProducerRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static ConsumerRecord<String, Order> order(long offset, String orderId, String total) {
		Order order = new Order(orderId, "customer-1", "eu-west",
				List.of(new OrderItem("sku-1", 1, new BigDecimal(total))), new BigDecimal(total), "EUR", NOW);
		return new ConsumerRecord<>(Topics.ORDERS, 4, offset, order.customerId(), order);
	}

	private static ConsumerRecord<String, Order> tombstone(long offset) {
		return new ConsumerRecord<>(Topics.ORDERS, 4, offset, "customer-1", null);
	}

	/**
	 * A record whose value failed deserialization, as the error-handling deserializer
	 * hands it to a batch listener: no value, the failure in a header.
	 */
	private static ConsumerRecord<String, Order> malformed(long offset) {
		byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
		RecordHeaders headers = new RecordHeaders();
		SerializationUtils.deserializationException(headers, value,
				new DeserializationException("failed to deserialize", value, false, new IllegalStateException("x")),
				false);
		return new ConsumerRecord<>(Topics.ORDERS, 4, offset, 0L, TimestampType.CREATE_TIME, 10, value.length,
				"customer-1", null, headers, java.util.Optional.empty());
	}

	private record Polled(Integer nackIndex, Duration nackSleep) {

	}

	private static final class RecordingAcknowledgment implements Acknowledgment {

		private Integer index;

		private Duration sleep;

		@Override
		public void acknowledge() {
			throw new UnsupportedOperationException("the container acknowledges a transactional poll itself");
		}

		@Override
		public void nack(int index, Duration sleep) {
			assertThat(this.index).as("nack once per poll").isNull();
			this.index = index;
			this.sleep = sleep;
		}

	}

	/**
	 * A channel that refuses some notifications for good and fails others a number of
	 * times first.
	 */
	private static final class ScriptedChannel implements NotificationChannel {

		private final List<String> sent = new ArrayList<>();

		private final List<String> refused = new ArrayList<>();

		private final Map<String, Integer> failuresLeft = new HashMap<>();

		void refuse(String id) {
			this.refused.add(id);
		}

		void failTimes(String id, int times) {
			this.failuresLeft.put(id, times);
		}

		@Override
		public String name() {
			return "scripted";
		}

		@Override
		public void send(Notification notification) {
			if (this.refused.contains(notification.id())) {
				throw new PermanentDeliveryException("refused: " + notification.id(), null);
			}
			int left = this.failuresLeft.getOrDefault(notification.id(), 0);
			if (left > 0) {
				this.failuresLeft.put(notification.id(), left - 1);
				throw new IllegalStateException("receiver down");
			}
			assertThat(this.sent).as("sent before").doesNotContain(notification.id());
			this.sent.add(notification.id());
		}

	}

}
