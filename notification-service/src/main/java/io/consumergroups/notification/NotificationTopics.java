package io.consumergroups.notification;

import org.apache.kafka.common.serialization.Serde;

import org.springframework.kafka.support.serializer.JacksonJsonSerde;

/**
 * The topics this service owns, with the serde of their values. It reads
 * {@link io.consumergroups.events.Topics#ORDERS} and
 * {@link io.consumergroups.events.Topics#ORDER_STATUS}.
 */
public final class NotificationTopics {

	/**
	 * What this group has sent: one {@link SentNotification} per notification, keyed by
	 * notification id (e.g. {@code order-17:confirmation}) and compacted, so the latest
	 * record per id is kept. A record lives in the partition number of the record it was
	 * sent for, so that whoever owns that partition of the input reads exactly this
	 * partition of the record. Written in the listener's Kafka transaction.
	 */
	public static final String SENT = "notifications.sent";

	/**
	 * Records of {@code orders} and {@code order-status} this group could not handle
	 * (malformed, or a notification that failed for good), as they were, with the cause
	 * and their origin in headers. Apart from {@code orders.DLT}, which belongs to the
	 * order-processors group.
	 */
	public static final String DEAD_LETTERS = "notification-service.DLT";

	private NotificationTopics() {
	}

	/**
	 * A serde for {@link SentNotification} values.
	 * @return a new serde
	 */
	public static Serde<SentNotification> sentSerde() {
		return new JacksonJsonSerde<>(SentNotification.class).noTypeInfo().ignoreTypeHeaders();
	}

}
