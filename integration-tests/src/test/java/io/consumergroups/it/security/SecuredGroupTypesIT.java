package io.consumergroups.it.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two newer kinds of group on a secured cluster, with only the grants of
 * kafka-local's {@code acls.txt}: order-processor as a member of its share group
 * (KIP-932) and analytics-service on Kafka Streams' own protocol (KIP-1071) each join
 * their group, write their group's configs at start-up (ALTER_CONFIGS on the group:
 * without it a service only logs a warning and the group keeps the broker's defaults) and
 * do their job.
 */
class SecuredGroupTypesIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.secured();

	private static final String SHARE_GROUP = "order-processors-share";

	private static final String STREAMS_GROUP = "analytics-service";

	private static final int ORDERS = 30;

	@TempDir
	static Path stateDir;

	@Test
	void shouldRunTheShareAndStreamsGroupsOnTheirOwnPrincipals() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given orders published before any member joins, as the super user
			probe.createTopic(Topics.ORDERS, 6);
			List<Order> orders = IntStream.range(0, ORDERS).mapToObj(OrderFixtures::order).toList();
			probe.publish(orders);

			// When order-processor joins its share group and analytics-service its
			// streams group, each logged in as its own user
			try (RunningService processor = RunningService.orderProcessor(kafka, "order-processor-1",
					as("order-processor", "orders.processor.group.type=share"));
					RunningService analytics = RunningService.start(AnalyticsServiceApplication.class,
							"analytics-service", kafka, as("analytics-service", "analytics.group.protocol=streams",
									"spring.kafka.streams.state-dir=" + stateDir))) {

				// Then each group is of its kind, with the configs its service wrote
				await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
					assertThat(probe.groups().listedType(SHARE_GROUP)).contains(GroupType.SHARE);
					assertThat(probe.groups().listedType(STREAMS_GROUP)).contains(GroupType.STREAMS);
				});
				assertThat(probe.groupConfigs(SHARE_GROUP)).containsEntry("share.auto.offset.reset", "earliest")
					.containsEntry("share.isolation.level", "read_committed");
				assertThat(probe.groupConfigs(STREAMS_GROUP)).containsEntry("streams.session.timeout.ms", "10000")
					.containsEntry("streams.heartbeat.interval.ms", "1000");

				// And every order published before the share group existed has a status
				// (the broker's default, share.auto.offset.reset=latest, would have
				// skipped them), and analytics counted each
				List<String> orderIds = orders.stream().map(Order::orderId).toList();
				await().atMost(Duration.ofSeconds(90))
					.untilAsserted(() -> assertThat(
							probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
								.stream()
								.map((record) -> record.value())
								.filter((status) -> status.deliveryCount() != null)
								.map(OrderStatus::orderId)
								.distinct()
								.toList())
						.containsExactlyInAnyOrderElementsOf(orderIds));
				await().atMost(Duration.ofSeconds(90))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(analyticsOrders(analytics)).isEqualTo(ORDERS));
			}
		}
	}

	private static String[] as(String service, String... more) {
		return Stream.concat(Arrays.stream(kafka.serviceProperties(service)), Arrays.stream(more))
			.toArray(String[]::new);
	}

	@SuppressWarnings("unchecked")
	private static long analyticsOrders(RunningService analytics) {
		Map<String, Object> regions = analytics.http().get().uri("/analytics/regions").retrieve().body(Map.class);
		return ((Number) regions.get("orders")).longValue();
	}

}
