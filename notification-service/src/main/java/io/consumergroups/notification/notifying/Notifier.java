package io.consumergroups.notification.notifying;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.SentNotification;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.channel.NotificationChannel;
import io.consumergroups.notification.sent.RecentNotifications;
import io.consumergroups.notification.sent.SentNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Sends the notifications of input records, each once: a notification already recorded as
 * sent is not sent again, whatever else happens to its record.
 * <p>
 * Runs inside the listener's Kafka transaction, one per poll ({@link PollNotifier}). For
 * each notification it sends through the channel (unless it was sent before) and, once
 * the poll's sends are done, writes a record to {@code notifications.sent}; the container
 * commits those records and the consumed offsets together. A send cannot be part of that
 * transaction: a crash (or rollback) after a send and before the commit means its record
 * is processed again and the notification is sent once more, with the same id, which a
 * webhook receiver can drop by its {@code Idempotency-Key}. That is the window left: the
 * notifications of one uncommitted poll, at most {@code max-poll-records} records.
 */
@Service
class Notifier {

	private static final Logger logger = LoggerFactory.getLogger(Notifier.class);

	private final NotificationChannel channel;

	private final SentNotifications sent;

	private final RecentNotifications recent;

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock;

	private final MeterRegistry meters;

	Notifier(NotificationChannel channel, SentNotifications sent, RecentNotifications recent,
			KafkaTemplate<String, Object> kafka, Clock clock, MeterRegistry meters) {
		this.channel = channel;
		this.sent = sent;
		this.recent = recent;
		this.kafka = kafka;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Send the notifications of one record, each unless it was sent before. Each one is
	 * added to {@code delivered} as soon as it went out (or was found sent), so that a
	 * failure of the next one leaves the record of the first.
	 * @param source the record they are for
	 * @param notifications what to send
	 * @param delivered where to add what went out, for {@link #record(List)}
	 */
	void deliver(ConsumerRecord<?, ?> source, List<Notification> notifications, List<Delivery> delivered) {
		TopicPartition partition = new TopicPartition(source.topic(), source.partition());
		for (Notification notification : notifications) {
			Instant sentAt = this.sent.sentAt(partition, notification.id())
				.map((at) -> skip(notification, at))
				.orElseGet(() -> send(partition, notification));
			delivered.add(new Delivery(source.partition(),
					new SentNotification(notification, this.channel.name(), source.topic(), sentAt)));
		}
	}

	/**
	 * Record notifications as sent, in the current transaction.
	 * <p>
	 * Written after the poll's sends, not between them: the broker starts the transaction
	 * at its first write, and a slow receiver should not count against
	 * {@code transaction.timeout.ms}. A notification that was skipped as sent is written
	 * again, since the transaction that first recorded it may have been rolled back.
	 * @param delivered what {@link #deliver} sent or found sent
	 */
	void record(List<Delivery> delivered) {
		for (Delivery delivery : delivered) {
			this.kafka.send(NotificationTopics.SENT, delivery.partition(), delivery.sent().notification().id(),
					delivery.sent());
		}
	}

	private Instant send(TopicPartition partition, Notification notification) {
		this.channel.send(notification);
		Instant sentAt = this.clock.instant();
		// Remembered at once, not after the commit: if a later step fails and the record
		// is retried, this notification was sent all the same.
		this.sent.add(partition, notification.id(), sentAt);
		this.recent.add(new SentNotification(notification, this.channel.name(), partition.topic(), sentAt));
		this.meters.counter("notifications.sent", "kind", kindTag(notification), "channel", this.channel.name())
			.increment();
		logger.debug("Sent {} through {}", notification.id(), this.channel.name());
		return sentAt;
	}

	private Instant skip(Notification notification, Instant sentAt) {
		this.meters.counter("notifications.duplicates", "kind", kindTag(notification)).increment();
		logger.debug("Not sending {} again: it was sent at {}", notification.id(), sentAt);
		return sentAt;
	}

	private static String kindTag(Notification notification) {
		return notification.kind().name().toLowerCase().replace('_', '-');
	}

	/**
	 * A notification that went out, to be recorded in {@code notifications.sent}.
	 *
	 * @param partition the partition of its input record, and of its record of being sent
	 * @param sent what was sent, and when
	 */
	record Delivery(int partition, SentNotification sent) {

	}

}
