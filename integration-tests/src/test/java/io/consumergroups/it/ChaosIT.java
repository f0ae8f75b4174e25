package io.consumergroups.it;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcess;
import io.consumergroups.it.support.SteadyOrders;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import io.consumergroups.verifier.OrderVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once under crashes: three brokers and three order-processor replicas, all
 * separate processes, while orders flow. Every few hundred orders a random replica is
 * killed (SIGKILL) or shut down (SIGTERM) and started again; half-way one broker is
 * killed and brought back. Afterwards the {@link OrderVerifier} finds every order with
 * exactly one outcome.
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
		List<ServiceProcess> replicas = IntStream.rangeClosed(1, 3)
			.mapToObj((i) -> ServiceProcess.orderProcessor(kafka, "order-processor-" + i))
			.toList();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			replicas.forEach(ServiceProcess::start);
			replicas.forEach(ServiceProcess::awaitHealthy);

			// When
			try (SteadyOrders orders = SteadyOrders.start(kafka, RATE, 0, ORDERS, MALFORMED_EVERY)) {
				boolean brokerKilled = false;
				for (int threshold = EVERY; threshold < ORDERS; threshold += EVERY) {
					int reached = threshold;
					await().atMost(Duration.ofMinutes(5)).until(() -> orders.acknowledgedCount() >= reached);
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
				await().atMost(Duration.ofMinutes(5)).until(() -> orders.acknowledgedCount() == ORDERS);
				List<String> published = orders.stop();
				malformed = orders.malformedCount();
				logger.info("{} orders and {} malformed records published", published.size(), malformed);
			}
			await().atMost(Duration.ofMinutes(10)).until(() -> probe.lag(OrderVerifier.PROCESSORS, Topics.ORDERS) == 0);

			// Then
			try (OrderVerifier verifier = new OrderVerifier(kafka.bootstrapServers())) {
				OrderVerifier.Report report = await().atMost(Duration.ofMinutes(2))
					.until(verifier::verify, (found) -> found.balance().pending() == 0 && found.isExact());
				logger.info("Verifier: {}", report.balance());
				assertThat(report.balance().published()).isEqualTo(ORDERS);
				assertThat(report.lost()).isZero();
				assertThat(report.duplicated()).isZero();
				assertThat(report.balance().deadLetters()).isEqualTo(malformed);
				assertThat(report.balance().statuses()).isEqualTo(report.balance().published() - malformed);
			}
		}
		finally {
			replicas.forEach(ServiceProcess::close);
		}
	}

	private static void crashAndRestartABroker(LocalKafkaCluster cluster, Random random, SteadyOrders orders) {
		int node = cluster.nodeIds().get(random.nextInt(cluster.size()));
		logger.info("Chaos: SIGKILL broker {}", node);
		cluster.killNode(node);
		int reached = Math.min(orders.acknowledgedCount() + EVERY / 3, ORDERS);
		// Orders keep being acknowledged by the two brokers left (min.insync.replicas=2)
		await().atMost(Duration.ofMinutes(2)).until(() -> orders.acknowledgedCount() >= reached);
		cluster.startNode(node);
		logger.info("Chaos: broker {} is back", node);
	}

}
