package io.consumergroups.notification.notifying;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
 * Sends the notifications of one input record, each once: a notification already recorded
 * as sent is not sent again, whatever else happens to the record.
 * <p>
 * Runs inside the listener's Kafka transaction. For each notification it sends through
 * the channel (unless it was sent before) and then writes a record to
 * {@code notifications.sent}; the container commits those records and the consumed offset
 * together. The send cannot be part of that transaction: a crash (or rollback) after a
 * send and before the commit means the record is processed again and that one
 * notification is sent once more, with the same id, which a webhook receiver can drop by
 * its {@code Idempotency-Key}. That is the window left, and it is one notification wide.
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
	 * Send the notifications of one record, each unless it was sent before, and record
	 * them as sent in the current transaction.
	 * @param source the record they are for
	 * @param notifications what to send
	 */
	void notifyOnce(ConsumerRecord<?, ?> source, List<Notification> notifications) {
		TopicPartition partition = new TopicPartition(source.topic(), source.partition());
		List<SentNotification> records = new ArrayList<>(notifications.size());
		for (Notification notification : notifications) {
			Instant sentAt = this.sent.sentAt(partition, notification.id())
				.map((at) -> skip(notification, at))
				.orElseGet(() -> send(partition, notification));
			records.add(new SentNotification(notification, this.channel.name(), source.topic(), sentAt));
		}
		// Written after every send, not between them: the broker starts the transaction
		// at its first write, and a slow receiver should not count against
		// transaction.timeout.ms. A notification skipped above is written again, since
		// the transaction that first recorded it may have been rolled back.
		for (SentNotification record : records) {
			this.kafka.send(NotificationTopics.SENT, partition.partition(), record.notification().id(), record);
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

}
