package io.consumergroups.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.ServiceProcess;
import io.consumergroups.it.support.SteadyOrders;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import io.consumergroups.verifier.OrderVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once under crashes: three brokers and three order-processor replicas, all
 * separate processes, while orders flow. Every few hundred orders a random replica is
 * killed (SIGKILL) or shut down (SIGTERM) and started again; half-way one broker is
 * killed and brought back. Afterwards the {@link OrderVerifier} finds every order with
 * exactly one outcome, and the analytics and archive groups (one process each, through
 * the broker crash) have consumed every order, their effects exact.
 * <p>
 * The default build runs 20,000 records with a crash or shutdown every 2,500 (the sizes
 * are in the module's pom); {@code ./mvnw -pl integration-tests -am verify -Pchaos
 * -Dit.test=ChaosIT} runs 100,000 at 500/s with one every 2,500, and
 * {@code -Dchaos.orders}, {@code -Dchaos.rate}, {@code -Dchaos.every} and
 * {@code -Dchaos.seed} set any size.
 */
class ChaosIT {

	private static final Logger logger = LoggerFactory.getLogger(ChaosIT.class);

	@RegisterExtension
	static final TestKafka kafka = TestKafka.threeNodes();

	@RegisterExtension
	static final LocalS3 s3 = new LocalS3();

	@TempDir
	static Path stateDir;

	private static final List<String> FAN_OUT_GROUPS = List.of("analytics-service", "archive-service");

	private static final int ORDERS = Integer.getInteger("chaos.orders", 20_000);

	private static final int RATE = Integer.getInteger("chaos.rate", 1_000);

	/** One record in this many is malformed: 1 %. */
	private static final int MALFORMED_EVERY = 100;

	/** A crash or shutdown every this many orders. */
	private static final int EVERY = Integer.getInteger("chaos.every", 2_500);

	@Test
	void shouldProcessEveryOrderExactlyOnceWhileReplicasAndABrokerCrash() {
		Random random = new Random(Long.getLong("chaos.seed", 42));
		int malformed;
		List<String> published;
		List<ServiceProcess> replicas = IntStream.rangeClosed(1, 3)
			.mapToObj((i) -> ServiceProcess.orderProcessor(kafka, "order-processor-" + i))
			.toList();
		List<ServiceProcess> fanOut = fanOut();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			replicas.forEach(ServiceProcess::start);
			fanOut.forEach(ServiceProcess::start);
			replicas.forEach(ServiceProcess::awaitHealthy);
			fanOut.forEach(ServiceProcess::awaitHealthy);

			// When
			try (SteadyOrders orders = SteadyOrders.start(kafka, RATE, 0, ORDERS, MALFORMED_EVERY)) {
				boolean brokerKilled = false;
				for (int threshold = EVERY; threshold < ORDERS; threshold += EVERY) {
					int reached = threshold;
					await().atMost(Duration.ofMinutes(5)).until(() -> orders.settledCount() >= reached);
					ServiceProcess victim = replicas.get(random.nextInt(replicas.size()));
					boolean crash = random.nextBoolean();
					logger.info("Chaos at {} orders: {} {}", reached, crash ? "SIGKILL" : "SIGTERM", victim.name());
					if (crash) {
						victim.kill();
					}
					else {
						victim.stop();
					}
					if (!brokerKilled && threshold >= ORDERS / 2 && kafka.local().isPresent()) {
						crashAndRestartABroker(kafka.local().get(), random, orders);
						brokerKilled = true;
					}
					victim.start().awaitHealthy();
				}
				await().atMost(Duration.ofMinutes(5)).until(() -> orders.settledCount() == ORDERS);
				published = orders.stop();
				malformed = orders.malformedCount();
				logger.info("{} orders and {} malformed records published", published.size(), malformed);
			}
			await().atMost(Duration.ofMinutes(10)).until(() -> probe.lag(OrderVerifier.PROCESSORS, Topics.ORDERS) == 0);

			// Then
			try (OrderVerifier verifier = new OrderVerifier(kafka.bootstrapServers())) {
				OrderVerifier.Report report = await().atMost(Duration.ofMinutes(2))
					.until(verifier::verify, (found) -> found.balance().pending() == 0 && found.isExact());
				logger.info("Verifier: {}", report.balance());
				assertThat(report.balance().published()).isEqualTo(published.size() + malformed);
				assertThat(report.lost()).isZero();
				assertThat(report.duplicated()).isZero();
				assertThat(report.balance().deadLetters()).isEqualTo(malformed);
				assertThat(report.balance().statuses()).isEqualTo(report.balance().published() - malformed);
			}

			// And every fan-out group consumed everything, its effects exact
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(FAN_OUT_GROUPS).allSatisfy(
						(group) -> assertThat(probe.lag(group, Topics.ORDERS)).as("lag of %s", group).isZero()));
			assertEveryOrderCountedOnce(fanOut.get(0), published);
			assertEveryOrderArchivedOnce(published);
		}
		finally {
			replicas.forEach(ServiceProcess::close);
			fanOut.forEach(ServiceProcess::close);
		}
	}

	/**
	 * The fan-out groups, each one process, left running through the chaos (the broker
	 * crash reaches them all): analytics-service and archive-service.
	 * notification-service commits a transaction per record, which makes it too slow for
	 * this many orders on 2 cores; its crash and restart tests are its own.
	 */
	private static List<ServiceProcess> fanOut() {
		List<String> archive = new ArrayList<>(s3.serviceProperties());
		archive.add("archive.batch.max-age=2s");
		return List.of(
				ServiceProcess.of("analytics-service", "analytics-service-1", kafka, Map.of(),
						"spring.kafka.streams.state-dir=" + stateDir),
				ServiceProcess.of("archive-service", "archive-service-1", kafka, Map.of(),
						archive.toArray(String[]::new)));
	}

	/** Kafka Streams with exactly_once_v2: each valid order in the totals once. */
	private static void assertEveryOrderCountedOnce(ServiceProcess analytics, List<String> published) {
		await().atMost(Duration.ofMinutes(1))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(analytics.http()
				.get()
				.uri("/analytics/regions")
				.retrieve()
				.body(JsonNode.class)
				.get("orders")
				.asLong()).as("orders counted by analytics-service").isEqualTo(published.size()));
	}

	/**
	 * Objects keyed by offset range, written again under the same key: each order once.
	 */
	private static void assertEveryOrderArchivedOnce(List<String> published) {
		Map<String, Long> timesArchived = s3.objects("orders-archive")
			.stream()
			.flatMap((object) -> object.orders().stream())
			.collect(Collectors.groupingBy(Order::orderId, Collectors.counting()));
		assertThat(timesArchived.keySet()).as("orders archived").containsExactlyInAnyOrderElementsOf(published);
		assertThat(timesArchived.values()).allSatisfy((times) -> assertThat(times).isEqualTo(1));
	}

	private static void crashAndRestartABroker(LocalKafkaCluster cluster, Random random, SteadyOrders orders) {
		int node = cluster.nodeIds().get(random.nextInt(cluster.size()));
		logger.info("Chaos: SIGKILL broker {}", node);
		cluster.killNode(node);
		int reached = Math.min(orders.settledCount() + EVERY / 3, ORDERS);
		// Orders keep being acknowledged by the two brokers left (min.insync.replicas=2)
		await().atMost(Duration.ofMinutes(2)).until(() -> orders.settledCount() >= reached);
		cluster.startNode(node);
		logger.info("Chaos: broker {} is back", node);
	}

}
