package io.consumergroups.it.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.archive.ArchiveServiceApplication;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.monitor.GroupMonitorApplication;
import io.consumergroups.notification.NotificationServiceApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole architecture on a secured cluster: every service logged in as its own user,
 * with only the grants of kafka-local's {@code acls.txt}, does its job. The services
 * create their own topics, as they do on a plain cluster; orders posted to order-producer
 * reach every group, and the group-monitor sees them all.
 */
class SecuredClusterIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.secured();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	private static final List<String> GROUPS = List.of("order-processors", "notification-service", "analytics-service",
			"archive-service");

	private static final int ORDERS = 60;

	@TempDir
	static Path stateDir;

	@Test
	void shouldRunEveryServiceOnItsOwnPrincipalAndDeliverEveryOrderToEveryGroup() {
		List<RunningService> services = new ArrayList<>();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given every service, each logged in as its own user
			RunningService producer = RunningService.orderProducer(kafka, kafka.serviceProperties("order-producer"));
			services.add(producer);
			services.add(RunningService.orderProcessor(kafka, "order-processor-1",
					kafka.serviceProperties("order-processor")));
			services.add(RunningService.start(NotificationServiceApplication.class, "notification-service", kafka,
					as("notification-service", "notifications.instance-id=notification-service-1")));
			RunningService analytics = RunningService.start(AnalyticsServiceApplication.class, "analytics-service",
					kafka, as("analytics-service", "spring.kafka.streams.state-dir=" + stateDir));
			services.add(analytics);
			List<String> archiveSettings = new ArrayList<>(s3.serviceProperties());
			archiveSettings.add("archive.batch.max-age=1s");
			services.add(RunningService.start(ArchiveServiceApplication.class, "archive-service", kafka,
					as("archive-service", archiveSettings.toArray(String[]::new))));
			RunningService monitor = RunningService.start(GroupMonitorApplication.class, "group-monitor", kafka,
					kafka.serviceProperties("group-monitor"));
			services.add(monitor);

			// When orders are posted to order-producer's API
			for (int i = 0; i < ORDERS; i++) {
				assertThat(post(producer, i).getStatusCode().value()).isEqualTo(202);
			}

			// Then every group commits past every order, seen from outside as the super
			// user
			await().atMost(Duration.ofSeconds(180))
				.untilAsserted(() -> assertThat(GROUPS).allSatisfy(
						(group) -> assertThat(probe.groups().lag(group, Topics.ORDERS).total()).as("lag of %s", group)
							.isZero()));
			// And each order has one status, in order-processor's transactions
			List<ConsumerRecord<String, OrderStatus>> statuses = probe.readCommitted(Topics.ORDER_STATUS,
					Topics.orderStatusSerde().deserializer());
			assertThat(statuses).hasSize(ORDERS);
			// And analytics counted, and the archive stored, every order
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(analyticsOrders(analytics)).isEqualTo(ORDERS));
			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(
						s3.objects("orders-archive").stream().mapToInt((object) -> object.orders().size()).sum())
					.isEqualTo(ORDERS));
			// And the group-monitor, which may describe every group and topic and read
			// order-status only, sees every group caught up on orders, and counts
			// order-processor-1's statuses
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(GROUPS).allSatisfy(
						(group) -> assertThat(monitoredLag(monitor, group)).as("monitored lag of %s", group).isZero()));
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(monitoredWork(monitor, "order-processors", "order-processor-1"))
					.containsEntry("processed", ORDERS)
					.containsEntry("redelivered", 0));
		}
		finally {
			services.forEach(RunningService::close);
		}
	}

	private static String[] as(String service, String... more) {
		return Stream.concat(Arrays.stream(kafka.serviceProperties(service)), Arrays.stream(more))
			.toArray(String[]::new);
	}

	@SuppressWarnings("rawtypes")
	private static org.springframework.http.ResponseEntity<Map> post(RunningService producer, int n) {
		String order = """
				{"customerId": "customer-%d", "region": "eu-west", "currency": "EUR",
				 "items": [{"sku": "sku-book", "quantity": %d, "unitPrice": 12.50}]}""".formatted(n % 17, 1 + n % 3);
		return producer.http()
			.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(order)
			.retrieve()
			.toEntity(Map.class);
	}

	@SuppressWarnings("unchecked")
	private static long analyticsOrders(RunningService analytics) {
		Map<String, Object> regions = analytics.http().get().uri("/analytics/regions").retrieve().body(Map.class);
		return ((Number) regions.get("orders")).longValue();
	}

	/**
	 * A member's statuses as the monitor counts them.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> monitoredWork(RunningService monitor, String group, String member) {
		Map<String, Object> view = monitor.http().get().uri("/api/groups/{groupId}", group).retrieve().body(Map.class);
		return ((List<Map<String, Object>>) view.get("members")).stream()
			.filter((candidate) -> member.equals(candidate.get("name")))
			.map((candidate) -> (Map<String, Object>) candidate.get("work"))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The group's lag on {@code orders} as the monitor reports it. Not its total: a
	 * transactional topic's last offset is a commit marker, which no consumer ever
	 * commits past, so a group reading order-status never shows 0 there.
	 */
	@SuppressWarnings("unchecked")
	private static long monitoredLag(RunningService monitor, String group) {
		Map<String, Object> view = monitor.http().get().uri("/api/groups/{groupId}", group).retrieve().body(Map.class);
		List<Map<String, Object>> orders = ((List<Map<String, Object>>) view.get("partitions")).stream()
			.filter((partition) -> Topics.ORDERS.equals(partition.get("topic")))
			.toList();
		assertThat(orders).hasSize(6);
		return orders.stream().mapToLong((partition) -> ((Number) partition.get("lag")).longValue()).sum();
	}

}
