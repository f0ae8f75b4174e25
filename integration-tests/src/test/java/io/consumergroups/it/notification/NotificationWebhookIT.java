package io.consumergroups.it.notification;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.SentNotification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification-service group on a real broker, behind a real order-processor, posting
 * to a webhook: one confirmation per order, an alert per order above the threshold and
 * per rejected order, each delivered once, and each recorded on
 * {@code notifications.sent} in the partition of the record it was sent for.
 */
class NotificationWebhookIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	/** Orders of 21.00 and 25.50 are above it, orders of 16.50 are not. */
	private static final String HIGH_TOTAL = "16.50";

	/** order-processor rejects orders of 25.50. */
	private static final String MAX_TOTAL = "25.00";

	@Test
	void shouldDeliverOneConfirmationPerOrderAndOneAlertPerOrderAboveTheThresholdOrRejected() {
		try (KafkaProbe probe = new KafkaProbe(kafka); WebhookReceiver receiver = WebhookReceiver.start()) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			try (RunningService processor = RunningService.orderProcessor(kafka, "order-processor-1",
					"orders.processor.max-total=" + MAX_TOTAL);
					RunningService notifications = NotificationServices.webhook(kafka, "notification-service-1",
							receiver, "notifications.alerts.high-total=" + HIGH_TOTAL)) {
				List<Order> orders = IntStream.range(0, 300).mapToObj(OrderFixtures::order).toList();
				List<String> highTotal = ids(orders, (order) -> order.total().compareTo(new BigDecimal(HIGH_TOTAL)) > 0,
						"high-total");
				List<String> rejected = ids(orders, (order) -> order.total().compareTo(new BigDecimal(MAX_TOTAL)) > 0,
						"rejected");
				int expected = orders.size() + highTotal.size() + rejected.size();

				// When
				List<RecordMetadata> landed = probe.publish(orders);
				await().atMost(Duration.ofSeconds(90)).until(() -> receiver.delivered().size() >= expected);
				// Not order-status: its transaction markers keep a committed offset one
				// short of the end.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> probe.groups().lag(NotificationServices.GROUP, Topics.ORDERS).total() == 0);

				// Then
				Map<String, Long> deliveries = receiver.deliveriesByKey();
				assertThat(deliveries.values()).as("deliveries per Idempotency-Key").containsOnly(1L);
				assertThat(receiver.requests()).as("no retries were needed").hasSize(expected);
				assertThat(deliveries.keySet()).containsAll(ids(orders, (order) -> true, "confirmation"))
					.containsAll(highTotal)
					.containsAll(rejected)
					.hasSize(expected);
				assertThat(highTotal).hasSize(200);
				assertThat(rejected).hasSize(100);
				assertThat(receiver.delivered()).filteredOn((request) -> request.kind().equals("CONFIRMATION"))
					.hasSize(orders.size());

				List<ConsumerRecord<String, SentNotification>> sent = probe.readCommitted(NotificationTopics.SENT,
						NotificationTopics.sentSerde().deserializer());
				assertThat(sent).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(expected);
				Map<String, Integer> orderPartitions = partitions(orders, landed);
				assertThat(sent).filteredOn((record) -> record.value().sourceTopic().equals(Topics.ORDERS))
					.hasSize(orders.size() + highTotal.size())
					.allSatisfy((record) -> assertThat(record.partition())
						.isEqualTo(orderPartitions.get(record.value().notification().orderId())));
				assertThat(sent).filteredOn((record) -> record.value().sourceTopic().equals(Topics.ORDER_STATUS))
					.hasSize(rejected.size());

				List<?> recent = notifications.http()
					.get()
					.uri("/notifications/recent?limit=5")
					.retrieve()
					.body(List.class);
				assertThat(recent).hasSize(5);
			}
		}
	}

	private static List<String> ids(List<Order> orders, Predicate<Order> which, String kind) {
		return orders.stream().filter(which).map((order) -> order.orderId() + ":" + kind).toList();
	}

	private static Map<String, Integer> partitions(List<Order> orders, List<RecordMetadata> landed) {
		Map<String, Integer> partitions = IntStream.range(0, orders.size())
			.boxed()
			.collect(Collectors.toMap((i) -> orders.get(i).orderId(), (i) -> landed.get(i).partition()));
		assertThat(Set.copyOf(partitions.values())).hasSize(6);
		return partitions;
	}

}
