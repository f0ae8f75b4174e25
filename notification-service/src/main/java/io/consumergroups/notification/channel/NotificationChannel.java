package io.consumergroups.notification.channel;

/**
 * A way to deliver notifications: {@code log}, {@code webhook} or {@code email}, chosen
 * by {@code notifications.channel}.
 */
public interface NotificationChannel {

	/**
	 * The channel's name, as recorded with what was sent.
	 * @return e.g. {@code webhook}
	 */
	String name();

	/**
	 * Deliver one notification; return once the receiver has it.
	 * @param notification what to deliver
	 * @throws PermanentDeliveryException if it can never be delivered, so retrying is
	 * pointless; any other exception is taken as transient
	 */
	void send(Notification notification);

}
