package io.consumergroups.it.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.notification.NotificationTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * What the group does when a notification cannot be delivered at once: a receiver that is
 * briefly down gets it on a retry, once; a receiver that refuses it, and a malformed
 * record, send the record to {@code notification-service.DLT} with the cause, and the
 * partition moves on.
 */
class NotificationDeliveryFailuresIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@Test
	void shouldRetryAnUnavailableReceiverAndDeadLetterWhatCanNeverBeDelivered() {
		try (KafkaProbe probe = new KafkaProbe(kafka); WebhookReceiver receiver = WebhookReceiver.start()) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			probe.createTopic(Topics.ORDER_STATUS, 6);
			Order unavailable = OrderFixtures.order(1);
			Order refused = OrderFixtures.order(2);
			Order fine = OrderFixtures.order(3);
			receiver.answer((key, attempt) -> {
				if (key.equals(unavailable.orderId() + ":confirmation")) {
					return (attempt <= 2) ? 503 : 200;
				}
				return key.equals(refused.orderId() + ":confirmation") ? 400 : 200;
			});
			byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);
			try (RunningService notifications = NotificationServices.webhook(kafka, "notification-service-1",
					receiver)) {

				// When
				probe.publishRaw(Topics.ORDERS, "customer-1", malformed);
				probe.publish(List.of(unavailable, refused, fine));
				await().atMost(Duration.ofSeconds(60))
					.until(() -> probe.groups().lag(NotificationServices.GROUP, Topics.ORDERS).total() == 0);

				// Then
				assertThat(receiver.requests()).filteredOn((request) -> request.orderId().equals(unavailable.orderId()))
					.extracting(WebhookReceiver.Request::status)
					.containsExactly(503, 503, 200);
				assertThat(receiver.deliveriesByKey()).containsOnly(entry(unavailable.orderId() + ":confirmation", 1L),
						entry(fine.orderId() + ":confirmation", 1L));
				assertThat(receiver.requests()).filteredOn((request) -> request.orderId().equals(refused.orderId()))
					.extracting(WebhookReceiver.Request::status)
					.containsExactly(400);

				List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(NotificationTopics.DEAD_LETTERS,
						new ByteArrayDeserializer());
				assertThat(deadLetters).hasSize(2).allSatisfy((deadLetter) -> {
					assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.ORDERS);
					assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
					assertThat(header(deadLetter, "dlt-root-cause")).isNotBlank();
				});
				assertThat(deadLetters)
					.filteredOn((deadLetter) -> new String(deadLetter.value(), StandardCharsets.UTF_8)
						.contains(refused.orderId()))
					.singleElement()
					.satisfies((deadLetter) -> assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN))
						.endsWith("PermanentDeliveryException"));
				assertThat(deadLetters).extracting(ConsumerRecord::value).contains(malformed);
			}
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
