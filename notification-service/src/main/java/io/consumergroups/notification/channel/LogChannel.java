package io.consumergroups.notification.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a notification as one INFO line: the default, so the service runs with nothing
 * to receive its notifications.
 */
class LogChannel implements NotificationChannel {

	private static final Logger logger = LoggerFactory.getLogger(LogChannel.class);

	@Override
	public String name() {
		return "log";
	}

	@Override
	public void send(Notification notification) {
		logger.info("Notification {} to {}: {}", notification.id(),
				(notification.audience() == Notification.Audience.CUSTOMER) ? notification.customerId() : "operations",
				notification.text());
	}

}
