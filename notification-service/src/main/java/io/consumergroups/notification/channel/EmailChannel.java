package io.consumergroups.notification.channel;

import java.nio.charset.StandardCharsets;

import io.consumergroups.notification.config.NotificationProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends a notification as a plain-text e-mail through Spring's {@link JavaMailSender}
 * (SMTP, configured by {@code spring.mail.*}): confirmations to the customer, alerts to
 * operations. The notification id travels in an {@code Idempotency-Key} header, for a
 * mail pipeline that can drop repeats.
 * <p>
 * A message that cannot be built (an address that is not one) is permanent; a failure to
 * send it is taken as transient and left to the container's retries.
 */
class EmailChannel implements NotificationChannel {

	private final JavaMailSender mailSender;

	private final NotificationProperties.Email email;

	EmailChannel(JavaMailSender mailSender, NotificationProperties.Email email) {
		this.mailSender = mailSender;
		this.email = email;
	}

	@Override
	public String name() {
		return "email";
	}

	@Override
	public void send(Notification notification) {
		MimeMessage message = this.mailSender.createMimeMessage();
		try {
			MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
			helper.setFrom(this.email.from());
			helper.setTo(recipient(notification));
			helper.setSubject(notification.subject());
			helper.setText(notification.text());
			message.setHeader(WebhookChannel.IDEMPOTENCY_KEY, notification.id());
		}
		catch (MessagingException ex) {
			throw new PermanentDeliveryException("Cannot write notification " + notification.id() + " as e-mail", ex);
		}
		try {
			this.mailSender.send(message);
		}
		catch (MailParseException | MailPreparationException ex) {
			throw new PermanentDeliveryException("Cannot send notification " + notification.id() + " as e-mail", ex);
		}
	}

	String recipient(Notification notification) {
		return switch (notification.audience()) {
			case CUSTOMER -> this.email.customerAddress().replace("{customerId}", notification.customerId());
			case OPERATIONS -> this.email.operationsAddress();
		};
	}

}
