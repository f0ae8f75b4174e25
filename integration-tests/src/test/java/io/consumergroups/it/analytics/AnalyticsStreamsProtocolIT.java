package io.consumergroups.it.analytics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.consumergroups.analytics.topology.AnalyticsTopics;
import io.consumergroups.analytics.topology.RegionTotals;
import io.consumergroups.analytics.topology.TopProducts;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.analytics.AnalyticsServiceIT.Regions;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static io.consumergroups.it.analytics.AnalyticsServiceIT.expectedRegions;
import static io.consumergroups.it.analytics.AnalyticsServiceIT.expectedTopProducts;
import static io.consumergroups.it.analytics.AnalyticsServiceIT.regions;
import static io.consumergroups.it.analytics.AnalyticsServiceIT.revenue;
import static io.consumergroups.it.analytics.AnalyticsServiceIT.sameTotals;
import static io.consumergroups.it.analytics.AnalyticsServiceIT.topProducts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * analytics-service with {@code analytics.group.protocol=streams} (KIP-1071) on a real
 * broker: its instances form a streams group, as the Admin API lists and describes it;
 * the broker splits the tasks between two instances, each query is answered by the
 * instance that owns its state, a SIGKILLed instance's tasks move to the other while
 * orders flow, and every order is counted exactly once all the same, every malformed
 * record dead-lettered once.
 */
class AnalyticsStreamsProtocolIT {

	private static final Logger logger = LoggerFactory.getLogger(AnalyticsStreamsProtocolIT.class);

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	private static final String GROUP = "analytics-streams";

	/** Counted before the kill, by both instances. */
	private static final int FIRST_ORDERS = 300;

	/** Published while one instance is killed. */
	private static final int FLOWING_ORDERS = 1500;

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	@TempDir
	static Path stateDirs;

	@Test
	void shouldSplitTasksRouteQueriesAndMoveAKilledInstancesTasksCountingEveryOrderOnce() {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				JvmProcess first = analytics("analytics-streams-1");
				JvmProcess second = analytics("analytics-streams-2")) {
			// Given: orders, and two instances with group.protocol=streams
			probe.createTopic(Topics.ORDERS, 6);
			List<Order> counted = new ArrayList<>(
					IntStream.range(0, FIRST_ORDERS).mapToObj(OrderFixtures::order).toList());
			probe.publish(counted);
			first.start();
			second.start();
			first.awaitHealthy();
			second.awaitHealthy();

			// Then: the group is a streams group, whose tasks the broker split between
			// both instances
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(probe.groups().listedType(GROUP)).contains(GroupType.STREAMS);
				Map<String, Set<String>> tasks = probe.groups().streamsGroup(GROUP, Topics.ORDERS).tasksByMember();
				assertThat(tasks).containsOnlyKeys(address(first), address(second))
					.allSatisfy((member, owned) -> assertThat(owned).as(member).isNotEmpty());
				assertThat(tasks.get(address(first))).doesNotContainAnyElementsOf(tasks.get(address(second)));
			});
			Map<String, Set<String>> split = probe.groups().streamsGroup(GROUP, Topics.ORDERS).tasksByMember();
			logger.info("Tasks of streams group {}: {}", GROUP, split);
			Set<String> allTasks = new HashSet<>(split.get(address(first)));
			allTasks.addAll(split.get(address(second)));

			// and each instance answers every query completely, from the owners' stores
			await().atMost(TIMEOUT)
				.ignoreExceptions()
				.untilAsserted(() -> assertRoutedAnswers(first, second, expectedRegions(counted)));

			// When: orders flow, every 50th record malformed, and the second instance is
			// SIGKILLed while they do
			int malformed;
			try (SteadyOrders flowing = SteadyOrders.start(kafka.adminProperties(), 100, FIRST_ORDERS, FLOWING_ORDERS,
					50)) {
				await().atMost(TIMEOUT).until(() -> flowing.settledCount() >= FLOWING_ORDERS / 3);
				assertThat(flowing.isSending()).as("orders in flight at the kill").isTrue();
				second.kill();
				logger.info("Killed {} with {} of {} orders published", second.name(), flowing.settledCount(),
						FLOWING_ORDERS);

				// Then: its tasks move to the first instance, once its session expires
				await().atMost(TIMEOUT)
					.untilAsserted(() -> assertThat(probe.groups().streamsGroup(GROUP, Topics.ORDERS).tasksByMember())
						.containsOnlyKeys(address(first))
						.containsEntry(address(first), allTasks));
				flowing.settle().forEach((orderId) -> counted.add(OrderFixtures.order(number(orderId))));
				malformed = flowing.malformedCount();
			}

			// and every order is counted once: the totals are exact; every malformed
			// record is dead-lettered once, by the exception handlers, in the tasks'
			// transactions
			Map<String, RegionTotals> expected = expectedRegions(counted);
			TopProducts expectedRanking = expectedTopProducts(counted);
			await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
				Regions regions = regions(RestClient.create(first.url())).getBody();
				assertThat(regions.orders()).isEqualTo(counted.size());
				assertThat(regions.regions()).hasSize(expected.size())
					.allSatisfy((region) -> sameTotals(region, expected.get(region.region())));
				assertThat(topProducts(RestClient.create(first.url())).getBody()).isEqualTo(expectedRanking);
				assertThat(probe.readCommitted(AnalyticsTopics.ORDERS_DLT, new ByteArrayDeserializer()))
					.hasSize(malformed);
			});
		}
	}

	/**
	 * Both instances give the same complete totals; the regions are answered by both
	 * (each for the partitions it owns), and one region by the same owner whichever
	 * instance was asked.
	 */
	private static void assertRoutedAnswers(JvmProcess first, JvmProcess second, Map<String, RegionTotals> expected) {
		ResponseEntity<Regions> regions = regions(RestClient.create(first.url()));
		assertThat(regions.getBody().regions()).hasSize(expected.size())
			.allSatisfy((region) -> sameTotals(region, expected.get(region.region())));
		assertThat(regions(RestClient.create(second.url())).getBody()).isEqualTo(regions.getBody());
		assertThat(regions.getHeaders().getFirst("X-Served-By")).contains(address(first)).contains(address(second));
		for (String region : expected.keySet()) {
			String owner = revenue(RestClient.create(first.url()), region).getHeaders().getFirst("X-Served-By");
			assertThat(owner).as(region).isIn(address(first), address(second));
			assertThat(revenue(RestClient.create(second.url()), region).getHeaders().getFirst("X-Served-By")).as(region)
				.isEqualTo(owner);
		}
	}

	private static JvmProcess analytics(String name) {
		return ServiceProcesses.of("analytics-service", name, kafka, Map.of(), "analytics.group.protocol=streams",
				// The broker's minimum here: a killed instance's tasks move 6 s after its
				// last heartbeat
				"analytics.group.session-timeout=6s", "spring.kafka.streams.application-id=" + GROUP,
				"spring.kafka.streams.state-dir=" + stateDirs.resolve(name));
	}

	private static String address(JvmProcess analytics) {
		return "localhost:" + analytics.port();
	}

	private static int number(String orderId) {
		return Integer.parseInt(orderId.substring("order-".length()));
	}

}
