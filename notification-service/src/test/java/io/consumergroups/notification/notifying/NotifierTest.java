package io.consumergroups.notification.notifying;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.SentNotification;
import io.consumergroups.notification.TestProperties;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.channel.NotificationChannel;
import io.consumergroups.notification.config.NotificationProperties;
import io.consumergroups.notification.sent.RecentNotifications;
import io.consumergroups.notification.sent.SentNotifications;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class NotifierTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private static final TopicPartition ORDERS_4 = new TopicPartition(Topics.ORDERS, 4);

	private final NotificationProperties properties = TestProperties.withChannel(NotificationProperties.Channel.LOG,
			null);

	private final RecordingChannel channel = new RecordingChannel();

	private final SentNotifications sent = new SentNotifications(() -> {
		throw new IllegalStateException("no partition is assigned in this test");
	}, Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));

	private final RecentNotifications recent = new RecentNotifications(this.properties);

	private final MockProducer<String, Object> producer = new MockProducer<>(true, null, new StringSerializer(),
			(topic, value) -> new byte[0]) {

		@Override
		public void close(Duration timeout) {
			// The template closes its producer after each send outside a transaction.
		}

	};

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final Notifier notifier = new Notifier(this.channel, this.sent, this.recent,
			new KafkaTemplate<>(() -> this.producer), Clock.fixed(NOW, ZoneOffset.UTC), this.meters);

	private final NotificationRules rules = new NotificationRules(this.properties);

	@Test
	void shouldSendEachNotificationAndRecordItAsSentInTheSourcePartition() {
		// Given
		ConsumerRecord<String, Order> record = record(order("order-1", "250.00"));

		// When
		notifyOnce(record, this.rules.forOrder(record.key(), record.value()));

		// Then
		assertThat(this.channel.sent).containsExactly("order-1:confirmation", "order-1:high-total");
		assertThat(this.producer.history()).hasSize(2).allSatisfy((written) -> {
			assertThat(written.topic()).isEqualTo(NotificationTopics.SENT);
			assertThat(written.partition()).isEqualTo(4);
		});
		ProducerRecord<String, Object> confirmation = this.producer.history().get(0);
		assertThat(confirmation.key()).isEqualTo("order-1:confirmation");
		assertThat(confirmation.value()).isInstanceOfSatisfying(SentNotification.class, (value) -> {
			assertThat(value.sourceTopic()).isEqualTo(Topics.ORDERS);
			assertThat(value.channel()).isEqualTo("recording");
			assertThat(value.sentAt()).isEqualTo(NOW);
		});
		assertThat(this.sent.sentAt(ORDERS_4, "order-1:high-total")).contains(NOW);
		assertThat(this.recent.latest(5)).extracting((sent) -> sent.notification().id())
			.containsExactly("order-1:high-total", "order-1:confirmation");
		assertThat(this.meters.counter("notifications.sent", "kind", "high-total", "channel", "recording").count())
			.isEqualTo(1);
	}

	@Test
	void shouldNotSendANotificationRecordedAsSentAgainButRecordItAgain() {
		// Given
		ConsumerRecord<String, Order> record = record(order("order-2", "10.00"));
		this.sent.add(ORDERS_4, "order-2:confirmation", NOW.minusSeconds(5));

		// When
		notifyOnce(record, this.rules.forOrder(record.key(), record.value()));

		// Then
		assertThat(this.channel.sent).isEmpty();
		assertThat(this.producer.history()).singleElement()
			.satisfies((written) -> assertThat(((SentNotification) written.value()).sentAt())
				.isEqualTo(NOW.minusSeconds(5)));
		assertThat(this.meters.counter("notifications.duplicates", "kind", "confirmation").count()).isEqualTo(1);
	}

	@Test
	void shouldSendOnlyWhatIsMissingWhenARecordIsRetried() {
		// Given
		ConsumerRecord<String, Order> record = record(order("order-3", "250.00"));
		List<Notification> notifications = this.rules.forOrder(record.key(), record.value());
		this.channel.failOn = "order-3:high-total";
		List<Notifier.Delivery> beforeTheFailure = new ArrayList<>();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.notifier.deliver(record, notifications, beforeTheFailure));
		assertThat(beforeTheFailure).extracting((delivery) -> delivery.sent().notification().id())
			.containsExactly("order-3:confirmation");

		// When
		this.channel.failOn = null;
		notifyOnce(record, notifications);

		// Then
		assertThat(this.channel.sent).containsExactly("order-3:confirmation", "order-3:high-total");
		assertThat(this.producer.history()).extracting(ProducerRecord::key)
			.containsExactly("order-3:confirmation", "order-3:high-total");
	}

	private void notifyOnce(ConsumerRecord<String, Order> record, List<Notification> notifications) {
		List<Notifier.Delivery> delivered = new ArrayList<>();
		this.notifier.deliver(record, notifications, delivered);
		this.notifier.record(delivered);
	}

	private static ConsumerRecord<String, Order> record(Order order) {
		return new ConsumerRecord<>(Topics.ORDERS, 4, 17, order.customerId(), order);
	}

	private static Order order(String orderId, String total) {
		return new Order(orderId, "customer-1", "eu-west", List.of(new OrderItem("sku-1", 1, new BigDecimal(total))),
				new BigDecimal(total), "EUR", NOW);
	}

	static class RecordingChannel implements NotificationChannel {

		final List<String> sent = new ArrayList<>();

		String failOn;

		@Override
		public String name() {
			return "recording";
		}

		@Override
		public void send(Notification notification) {
			if (notification.id().equals(this.failOn)) {
				throw new IllegalStateException("receiver down");
			}
			this.sent.add(notification.id());
		}

	}

}
