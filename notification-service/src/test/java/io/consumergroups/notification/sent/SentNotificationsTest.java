package io.consumergroups.notification.sent;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Topics;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.SentNotification;
import io.consumergroups.notification.channel.Notification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentNotificationsTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private static final TopicPartition ORDERS_2 = new TopicPartition(Topics.ORDERS, 2);

	private static final TopicPartition STATUS_2 = new TopicPartition(Topics.ORDER_STATUS, 2);

	private static final TopicPartition SENT_2 = new TopicPartition(NotificationTopics.SENT, 2);

	private final List<ConsumerRecord<String, SentNotification>> topic = new ArrayList<>();

	private final SentNotifications sent = new SentNotifications(this::reader, Duration.ofDays(1),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void shouldReadWhatWasSentForAPartitionWhenItIsAssigned() {
		// Given
		written(Topics.ORDERS, "order-1:confirmation", NOW.minusSeconds(60));
		written(Topics.ORDERS, "order-1:high-total", NOW.minusSeconds(60));
		written(Topics.ORDER_STATUS, "order-9:rejected", NOW.minusSeconds(30));

		// When
		this.sent.onPartitionsAssigned(null, List.of(ORDERS_2));

		// Then
		assertThat(this.sent.sentAt(ORDERS_2, "order-1:confirmation")).contains(NOW.minusSeconds(60));
		assertThat(this.sent.sentAt(ORDERS_2, "order-1:high-total")).isPresent();
		assertThat(this.sent.sentAt(ORDERS_2, "order-9:rejected"))
			.as("sent for order-status-2, which another member may own")
			.isEmpty();
		assertThat(this.sent.sentAt(new TopicPartition(Topics.ORDERS, 3), "order-1:confirmation")).isEmpty();
	}

	@Test
	void shouldReadEachSourceOfASharedPartitionApart() {
		// Given
		written(Topics.ORDERS, "order-1:confirmation", NOW);
		written(Topics.ORDER_STATUS, "order-9:rejected", NOW);

		// When
		this.sent.onPartitionsAssigned(null, List.of(ORDERS_2, STATUS_2));

		// Then
		assertThat(this.sent.sentAt(ORDERS_2, "order-1:confirmation")).isPresent();
		assertThat(this.sent.sentAt(STATUS_2, "order-9:rejected")).isPresent();
		assertThat(this.sent.sentAt(STATUS_2, "order-1:confirmation")).isEmpty();
	}

	@Test
	void shouldForgetAPartitionThatIsRevokedOrLost() {
		// Given
		this.sent.add(ORDERS_2, "order-1:confirmation", NOW);
		this.sent.add(STATUS_2, "order-9:rejected", NOW);

		// When
		this.sent.onPartitionsRevokedAfterCommit(null, List.of(ORDERS_2));
		this.sent.onPartitionsLost(null, List.of(STATUS_2));

		// Then
		assertThat(this.sent.sentAt(ORDERS_2, "order-1:confirmation")).isEmpty();
		assertThat(this.sent.sentAt(STATUS_2, "order-9:rejected")).isEmpty();
	}

	@Test
	void shouldKeepIdsOnlyForTheRetention() {
		// Given
		written(Topics.ORDERS, "order-1:confirmation", NOW.minus(Duration.ofDays(2)));
		written(Topics.ORDERS, "order-2:confirmation", NOW.minus(Duration.ofHours(23)));

		// When
		this.sent.onPartitionsAssigned(null, List.of(ORDERS_2));

		// Then
		assertThat(this.sent.sentAt(ORDERS_2, "order-1:confirmation")).isEmpty();
		assertThat(this.sent.sentAt(ORDERS_2, "order-2:confirmation")).isPresent();
	}

	@Test
	void shouldKeepTheFirstTimeANotificationWasSent() {
		// Given
		written(Topics.ORDERS, "order-1:confirmation", NOW.minusSeconds(60));
		written(Topics.ORDERS, "order-1:confirmation", NOW.minusSeconds(60));
		this.sent.onPartitionsAssigned(null, List.of(ORDERS_2));

		// When
		this.sent.add(ORDERS_2, "order-1:confirmation", NOW);

		// Then
		assertThat(this.sent.sentAt(ORDERS_2, "order-1:confirmation")).contains(NOW.minusSeconds(60));
	}

	private void written(String sourceTopic, String notificationId, Instant sentAt) {
		Notification.Kind kind = Notification.Kind.CONFIRMATION;
		Notification notification = new Notification(notificationId, kind, kind.audience(), "order-1", "customer-1",
				"subject", "text", BigDecimal.ONE, "EUR");
		this.topic.add(new ConsumerRecord<>(NotificationTopics.SENT, 2, this.topic.size(), notificationId,
				new SentNotification(notification, "log", sourceTopic, sentAt)));
	}

	/** A consumer of notifications.sent that holds what the test wrote to partition 2. */
	private MockConsumer<String, SentNotification> reader() {
		MockConsumer<String, SentNotification> consumer = new MockConsumer<>("earliest");
		consumer.updateBeginningOffsets(Map.of(SENT_2, 0L));
		consumer.updateEndOffsets(Map.of(SENT_2, (long) this.topic.size()));
		consumer.schedulePollTask(() -> this.topic.forEach(consumer::addRecord));
		return consumer;
	}

}
