package io.consumergroups.notification.channel;

import java.util.function.Supplier;

import io.consumergroups.notification.config.NotificationProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The one channel this replica delivers through, chosen by {@code notifications.channel}.
 * A channel that lacks its settings fails the start-up, not the first order.
 */
@Configuration(proxyBeanMethods = false)
class ChannelConfig {

	@Bean
	NotificationChannel notificationChannel(NotificationProperties properties,
			ObjectProvider<JavaMailSender> mailSender) {
		return select(properties, mailSender::getIfAvailable);
	}

	static NotificationChannel select(NotificationProperties properties, Supplier<JavaMailSender> mailSender) {
		return switch (properties.channel()) {
			case LOG -> new LogChannel();
			case WEBHOOK -> new WebhookChannel(properties.webhook());
			case EMAIL -> new EmailChannel(requireMailSender(mailSender.get()), properties.email());
		};
	}

	private static JavaMailSender requireMailSender(JavaMailSender mailSender) {
		if (mailSender == null) {
			throw new IllegalStateException(
					"notifications.channel=email needs an SMTP server: set spring.mail.host (and spring.mail.port, "
							+ "spring.mail.username, spring.mail.password as needed)");
		}
		return mailSender;
	}

}
