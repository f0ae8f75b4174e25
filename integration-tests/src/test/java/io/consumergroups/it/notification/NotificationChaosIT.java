package io.consumergroups.it.notification;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notification-service under the faults of {@code ChaosIT}: three brokers, one of them
 * killed (SIGKILL) and started again, and the notification replica, one consumer per
 * topic as it ships, killed twice and restarted, while orders flow, one in a hundred
 * malformed.
 * <p>
 * Its posts go to the outside, which no Kafka transaction covers. Every valid order is
 * confirmed, every rejected or high one alerted. A notification is posted again only when
 * the replica was killed between the post and the commit of its record's transaction: a
 * broker's crash rolls transactions back, but the replica remembers what it sent, so it
 * posts nothing twice for that. A crash of the replica can repeat the poll in hand of
 * each of its consumers (a transaction per poll: up to 50 records, two notifications of
 * an order and one of a status each), and a record still uncommitted at the next crash
 * once more.
 */
class NotificationChaosIT {

	private static final Logger logger = LoggerFactory.getLogger(NotificationChaosIT.class);

	@RegisterExtension
	static final TestKafka kafka = TestKafka.threeNodes();

	private static final int ORDERS = Integer.getInteger("notification-chaos.orders", 1_500);

	private static final int RATE = 100;

	private static final int MALFORMED_EVERY = 100;

	private static final int KILLS = 2;

	/** order-processor rejects orders above this. */
	private static final String MAX_TOTAL = "20";

	/** notification-service alerts on orders above this. */
	private static final String HIGH_TOTAL = "25";

	/**
	 * notification-service's {@code max-poll-records}: the records of one transaction.
	 */
	private static final int MAX_POLL_RECORDS = 50;

	/**
	 * Notifications one kill may post again: the poll in hand of each of the two
	 * consumers, an order's confirmation and high-total alert, and a status's rejection
	 * alert.
	 */
	private static final int REPEATABLE_PER_KILL = MAX_POLL_RECORDS * (2 + 1);

	@Test
	void shouldNotifyEveryOrderWhileTheReplicaAndABrokerCrash() {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				WebhookReceiver receiver = WebhookReceiver.start();
				// Orders of 16.50, 21.00 and 25.50 (OrderFixtures): two in three are
				// rejected
				JvmProcess processor = ServiceProcesses.orderProcessor(kafka, "order-processor-1",
						"orders.processor.max-total=" + MAX_TOTAL);
				// A read timeout no post reaches on a busy machine: a timeout would post
				// again, with the same Idempotency-Key, which is not this test's subject
				JvmProcess notifications = ServiceProcesses.of("notification-service", "notification-service-1", kafka,
						Map.of(), "notifications.instance-id=notification-service-1", "notifications.channel=webhook",
						"notifications.webhook.url=" + receiver.url(), "notifications.webhook.read-timeout=60s",
						"notifications.alerts.high-total=" + HIGH_TOTAL,
						// A killed replica's consumers leave the group when their session
						// ends: 10 s, not the default 45 s
						"spring.kafka.consumer.properties.session.timeout.ms=10000",
						"spring.kafka.consumer.properties.heartbeat.interval.ms=3000")) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			processor.start();
			notifications.start();
			processor.awaitHealthy();
			notifications.awaitHealthy();

			// When
			List<String> published;
			try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), RATE, 0, ORDERS, MALFORMED_EVERY)) {
				for (int kill = 1; kill <= KILLS; kill++) {
					int reached = ORDERS * kill / (KILLS + 1);
					await().atMost(Duration.ofMinutes(2)).until(() -> orders.settledCount() >= reached);
					logger.info("Chaos at {} orders: SIGKILL notification-service-1", reached);
					notifications.kill();
					notifications.start().awaitHealthy();
					if (kill == 1 && kafka.local().isPresent()) {
						crashAndRestartABroker(kafka.local().get(), orders);
					}
				}
				await().atMost(Duration.ofMinutes(2)).until(() -> orders.settledCount() == ORDERS);
				published = orders.settle();
			}
			await().atMost(Duration.ofMinutes(3))
				.until(() -> probe.groups().lag("order-processors", Topics.ORDERS).total() == 0);
			List<String> rejected = probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
				.stream()
				.map(ConsumerRecord::value)
				.filter((status) -> status.status() == OrderStatus.Status.REJECTED)
				.map(OrderStatus::orderId)
				.toList();

			// Then
			await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
				assertThat(notified(receiver, ":confirmation")).as("orders confirmed")
					.containsExactlyInAnyOrderElementsOf(published);
				assertThat(notified(receiver, ":rejected")).as("orders alerted as rejected")
					.containsExactlyInAnyOrderElementsOf(rejected);
				assertThat(notified(receiver, ":high-total")).as("orders alerted as high")
					.containsExactlyInAnyOrderElementsOf(above(published, HIGH_TOTAL));
			});
			assertThat(rejected).hasSizeGreaterThan(published.size() / 2);
			assertThat(probe.groups().lag("notification-service", Topics.ORDERS).total()).isZero();
			Map<String, Long> deliveries = receiver.deliveriesByKey();
			Map<String, Long> repeated = deliveries.entrySet()
				.stream()
				.filter((delivery) -> delivery.getValue() > 1)
				.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
			logger.info("{} notifications delivered, posted more than once: {}", deliveries.size(), repeated);
			// Each kill may repeat the posts of the polls in hand, and a record still
			// uncommitted at the next kill once more
			assertThat(deliveries.values()).allSatisfy((times) -> assertThat(times).isBetween(1L, 1L + KILLS));
			assertThat(repeated.values().stream().mapToLong((times) -> times - 1).sum()).as("repeated posts")
				.isLessThanOrEqualTo(KILLS * REPEATABLE_PER_KILL);
		}
	}

	private static List<String> above(List<String> orderIds, String total) {
		return orderIds.stream()
			.filter((id) -> OrderFixtures.order(Integer.parseInt(id.substring("order-".length())))
				.total()
				.compareTo(new BigDecimal(total)) > 0)
			.toList();
	}

	private static List<String> notified(WebhookReceiver receiver, String kind) {
		return receiver.deliveriesByKey()
			.keySet()
			.stream()
			.filter((key) -> key.endsWith(kind))
			.map((key) -> key.substring(0, key.length() - kind.length()))
			.toList();
	}

	private static void crashAndRestartABroker(LocalKafkaCluster cluster, SteadyOrders orders) {
		int node = cluster.nodeIds().get(0);
		logger.info("Chaos: SIGKILL broker {}", node);
		cluster.killNode(node);
		int reached = Math.min(orders.settledCount() + ORDERS / 6, ORDERS);
		// Orders keep being acknowledged by the two brokers left (min.insync.replicas=2)
		await().atMost(Duration.ofMinutes(2)).until(() -> orders.settledCount() >= reached);
		cluster.startNode(node);
		logger.info("Chaos: broker {} is back", node);
	}

}
