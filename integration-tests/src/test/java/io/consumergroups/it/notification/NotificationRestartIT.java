package io.consumergroups.it.notification;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica stopped while orders are being notified, and started again: no notification
 * is delivered twice, not even for orders that arrive again after the restart, since the
 * new replica reads what was sent from {@code notifications.sent}.
 */
class NotificationRestartIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	private static final String HIGH_TOTAL = "16.50";

	/** Deliveries before the stop: well under the 500 that 300 orders call for. */
	private static final int BEFORE_STOP = 120;

	@Test
	void shouldDeliverEachNotificationOnceAcrossARestartMidStreamAndRedeliveredOrders() {
		try (KafkaProbe probe = new KafkaProbe(kafka); WebhookReceiver receiver = WebhookReceiver.start()) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			probe.createTopic(Topics.ORDER_STATUS, 6);
			List<Order> orders = IntStream.range(0, 300).mapToObj(OrderFixtures::order).toList();
			List<Order> again = orders.subList(0, 50);
			int expected = orders.size() + aboveThreshold(orders);
			probe.publish(orders);
			receiver.admitOnly(BEFORE_STOP);
			RunningService first = start(receiver);
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered().size() == BEFORE_STOP);

			// When: stopped while its next post is held, then started again
			stopWhileAPostIsHeld(first, receiver);
			int deliveredByFirst = receiver.delivered().size();
			try (RunningService second = start(receiver)) {
				probe.publish(again);
				await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered().size() >= expected);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> probe.groups().lag(NotificationServices.GROUP, Topics.ORDERS).total() == 0);

				// Then
				assertThat(deliveredByFirst).as("stopped mid-stream").isBetween(BEFORE_STOP, expected - 1);
				assertThat(receiver.deliveriesByKey()).as("deliveries per Idempotency-Key")
					.hasSize(expected)
					.allSatisfy((key, deliveries) -> assertThat(deliveries).as(key).isEqualTo(1L));
				assertThat(receiver.requests()).hasSize(expected);
				assertThat(duplicatesSkipped(second)).as("notifications of the orders published again")
					.isEqualTo(again.size() + aboveThreshold(again));
			}
		}
	}

	private static RunningService start(WebhookReceiver receiver) {
		// A read timeout longer than the test holds a post: a timeout would resend it
		// (with the same Idempotency-Key), which is not what this test is about.
		return NotificationServices.webhook(kafka, "notification-service-1", receiver,
				"notifications.alerts.high-total=" + HIGH_TOTAL, "notifications.webhook.read-timeout=60s");
	}

	/**
	 * Close the replica as a shutdown does, while the receiver holds its post; let the
	 * post through once the containers are stopping, so the record in hand completes and
	 * commits, and the rest waits for the next replica.
	 */
	private static void stopWhileAPostIsHeld(RunningService replica, WebhookReceiver receiver) {
		KafkaListenerEndpointRegistry registry = replica.context().getBean(KafkaListenerEndpointRegistry.class);
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(replica::close);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> registry.getListenerContainers().stream().noneMatch(MessageListenerContainer::isRunning));
		receiver.admitAll();
		await().atMost(Duration.ofSeconds(30)).until(stopped::isDone);
	}

	private static int aboveThreshold(List<Order> orders) {
		return (int) orders.stream().filter((order) -> order.total().compareTo(new BigDecimal(HIGH_TOTAL)) > 0).count();
	}

	private static double duplicatesSkipped(RunningService replica) {
		return replica.context()
			.getBean(MeterRegistry.class)
			.find("notifications.duplicates")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
