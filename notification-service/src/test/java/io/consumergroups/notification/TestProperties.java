package io.consumergroups.notification;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

import io.consumergroups.notification.config.NotificationProperties;

/**
 * Settings for unit tests: the defaults of {@code notification-service.yml}, with short
 * timeouts and back-off.
 */
public final class TestProperties {

	private TestProperties() {
	}

	public static NotificationProperties withChannel(NotificationProperties.Channel channel, URI webhookUrl) {
		return new NotificationProperties("notification-service-1", channel,
				new NotificationProperties.Alerts(new BigDecimal("100"), true),
				webhook(webhookUrl, Duration.ofSeconds(2)), new NotificationProperties.Email("shop@example.com",
						"{customerId}@customers.example.com", "ops@example.com"),
				new NotificationProperties.Sent(Duration.ofDays(1)), 3);
	}

	public static NotificationProperties.Webhook webhook(URI url, Duration readTimeout) {
		return new NotificationProperties.Webhook(url, Duration.ofSeconds(1), readTimeout,
				new NotificationProperties.Retry(3, Duration.ofMillis(10), 2, Duration.ofMillis(50)));
	}

}
