package io.consumergroups.notification.channel;

import java.util.ArrayList;
import java.util.List;

import io.consumergroups.notification.TestProperties;
import io.consumergroups.notification.config.NotificationProperties;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmailChannelTest {

	private final RecordingMailSender mailSender = new RecordingMailSender();

	private final NotificationProperties.Email email = TestProperties
		.withChannel(NotificationProperties.Channel.EMAIL, null)
		.email();

	@Test
	void shouldMailAConfirmationToTheCustomerWithItsIdAsIdempotencyKey() throws Exception {
		// Given
		EmailChannel channel = new EmailChannel(this.mailSender, this.email);

		// When
		channel.send(Notifications.confirmation("order-17"));

		// Then
		MimeMessage message = this.mailSender.sent.get(0);
		assertThat(this.mailSender.sent).hasSize(1);
		assertThat(message.getFrom()).extracting(Object::toString).containsExactly("shop@example.com");
		assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
			.containsExactly("customer-7@customers.example.com");
		assertThat(message.getSubject()).isEqualTo("Order order-17 received");
		assertThat(message.getContent()).asString().contains("we received your order order-17 of 19.90 EUR");
		assertThat(message.getHeader("Idempotency-Key")).containsExactly("order-17:confirmation");
	}

	@Test
	void shouldMailAlertsToOperations() throws MessagingException {
		// Given
		EmailChannel channel = new EmailChannel(this.mailSender, this.email);

		// When
		channel.send(Notifications.highTotalAlert("order-18"));

		// Then
		assertThat(this.mailSender.sent.get(0).getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
			.containsExactly("ops@example.com");
	}

	@Test
	void shouldTakeAnAddressThatIsNotOneAsPermanent() {
		// Given
		EmailChannel channel = new EmailChannel(this.mailSender,
				new NotificationProperties.Email("shop@example.com", "{customerId} at customers", "ops@example.com"));

		// When / Then
		assertThatExceptionOfType(PermanentDeliveryException.class)
			.isThrownBy(() -> channel.send(Notifications.confirmation("order-19")));
		assertThat(this.mailSender.sent).isEmpty();
	}

	/**
	 * Spring's own sender, with the SMTP transport replaced by a list.
	 */
	static class RecordingMailSender extends JavaMailSenderImpl {

		final List<MimeMessage> sent = new ArrayList<>();

		@Override
		protected void doSend(MimeMessage[] messages, Object[] originals) {
			for (MimeMessage message : messages) {
				try {
					message.saveChanges();
				}
				catch (MessagingException ex) {
					throw new IllegalStateException(ex);
				}
				this.sent.add(message);
			}
		}

	}

}
