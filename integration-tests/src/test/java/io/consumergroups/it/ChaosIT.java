package io.consumergroups.it;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.LocalS3;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.kafkalocal.LocalKafkaCluster;
import io.consumergroups.verifier.OrderLedger;
import io.consumergroups.verifier.OrderVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once under crashes: three brokers and three order-processor replicas, all
 * separate processes, while orders flow. On a schedule drawn from a seed, a replica is
 * killed (SIGKILL) or shut down (SIGTERM) and started again every few seconds, each
 * replica crashed at least once, and a broker is killed and brought back. Each crash
 * lands while orders are being sent and the group has records it has not committed yet;
 * orders keep flowing until the group has recovered from the last one. Afterwards the
 * {@link OrderVerifier} finds exactly the orders sent, each with one status, and one dead
 * letter per malformed record; the analytics and archive groups (one process each,
 * through the broker crash) have consumed every order, their effects exact.
 * <p>
 * The default build spreads the crashes over 80 s at 100 orders/s, one every 12 s on
 * average (the sizes are in the module's pom); {@code ./mvnw -pl integration-tests -am
 * verify -Pchaos -Dit.test=ChaosIT} spreads 30 over 5 minutes, with two broker crashes.
 * {@code -Dchaos.rate}, {@code -Dchaos.duration} (seconds), {@code -Dchaos.every}
 * (seconds) set any size. Each run draws a new seed and logs it; {@code -Dchaos.seed=N}
 * replays that run's schedule.
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

	private static final int REPLICAS = 3;

	private static final int PARTITIONS = 6;

	/** Orders per second, a multiple of 50. */
	private static final int RATE = Integer.getInteger("chaos.rate", 100);

	/** How long the crashes are spread over. */
	private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("chaos.duration", 80));

	/** A replica crashed or shut down every this often, on average. */
	private static final Duration EVERY = Duration.ofSeconds(Integer.getInteger("chaos.every", 12));

	/** One broker crash per this much of {@link #DURATION}, and at least one. */
	private static final Duration BROKER_CRASH_EVERY = Duration.ofSeconds(150);

	/** One record in this many is malformed: 1 %. */
	private static final int MALFORMED_EVERY = 100;

	/**
	 * Orders count as flowing while the cluster acknowledged one this recently: at
	 * {@link #RATE}, several each tick of 20 ms.
	 */
	private static final Duration FLOWING = Duration.ofSeconds(1);

	@Test
	void shouldProcessEveryOrderExactlyOnceWhileReplicasAndABrokerCrash() {
		long seed = Long.getLong("chaos.seed", new SecureRandom().nextLong());
		logger.info("Chaos seed {}: -Dchaos.seed={} replays this run's schedule", seed, seed);
		List<Integer> brokers = kafka.local().map(LocalKafkaCluster::nodeIds).orElse(List.of());
		List<Event> schedule = schedule(new Random(seed), brokers);
		schedule.forEach((event) -> logger.info("Chaos planned: {}", event));
		int malformed;
		List<String> published;
		Map<String, Integer> killed = new LinkedHashMap<>();
		List<JvmProcess> replicas = IntStream.rangeClosed(1, REPLICAS)
			.mapToObj((i) -> ServiceProcesses.orderProcessor(kafka, "order-processor-" + i))
			.toList();
		List<JvmProcess> fanOut = fanOut();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given
			probe.createTopic(Topics.ORDERS, PARTITIONS);
			// A few JVMs starting at a time: all at once, each takes minutes on 2 busy
			// cores
			replicas.forEach(JvmProcess::start);
			replicas.forEach(JvmProcess::awaitHealthy);
			fanOut.forEach(JvmProcess::start);
			fanOut.forEach(JvmProcess::awaitHealthy);

			// When
			try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), RATE, 0, Integer.MAX_VALUE,
					MALFORMED_EVERY)) {
				long start = System.nanoTime();
				for (Event event : schedule) {
					await().atMost(DURATION.plusMinutes(10))
						.pollInterval(Duration.ofMillis(100))
						.until(() -> since(start).compareTo(event.at()) >= 0);
					switch (event.action()) {
						case SIGKILL, SIGTERM -> {
							JvmProcess victim = replicas.get(event.target());
							awaitOwnsPartitions(probe, victim, replicas);
							InFlight inFlight = awaitInFlight(probe, orders);
							logger.info("Chaos at {} (planned {}): {} {} while {}", seconds(since(start)),
									seconds(event.at()), event.action(), victim.name(), inFlight);
							if (event.action() == Action.SIGKILL) {
								victim.kill();
								killed.merge(victim.name(), 1, Integer::sum);
							}
							else {
								victim.stop();
							}
							victim.start();
						}
						case BROKER_SIGKILL -> {
							InFlight inFlight = awaitInFlight(probe, orders);
							logger.info("Chaos at {} (planned {}): SIGKILL broker {} while {}", seconds(since(start)),
									seconds(event.at()), event.target(), inFlight);
							kafka.local().orElseThrow().killNode(event.target());
						}
						case BROKER_START -> {
							// Meanwhile orders kept being acknowledged by the two brokers
							// left (min.insync.replicas=2)
							kafka.local().orElseThrow().startNode(event.target());
							logger.info("Chaos at {} (planned {}): broker {} is back", seconds(since(start)),
									seconds(event.at()), event.target());
						}
					}
				}
				awaitRecovered(probe, replicas);
				assertThat(orders.isSending()).as("orders still being sent once the group has recovered").isTrue();
				logger.info("Recovered at {} while {}; orders stop", seconds(since(start)), inFlight(probe, orders));
				published = orders.settle();
				malformed = orders.malformedCount();
				logger.info("{} orders and {} malformed records published", published.size(), malformed);
			}
			await().atMost(Duration.ofMinutes(10))
				.until(() -> probe.groups().lag(OrderVerifier.PROCESSORS, Topics.ORDERS).total() == 0);

			// Then every replica crashed at least once
			logger.info("SIGKILLs by replica: {}", killed);
			assertThat(killed.keySet())
				.containsExactlyInAnyOrderElementsOf(replicas.stream().map(JvmProcess::name).toList());

			// And the orders on the cluster are those sent, each with exactly one status
			Set<String> sent = new HashSet<>(published);
			assertThat(sent).as("orders sent, each once").hasSameSizeAs(published);
			try (OrderVerifier verifier = new OrderVerifier(kafka.bootstrapServers())) {
				AtomicReference<OrderVerifier.Report> last = new AtomicReference<>();
				await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
					OrderVerifier.Report report = verifier.verify();
					last.set(report);
					assertThat(report.balance().pending()).as("records not reached by the group").isZero();
					assertExactlyOnce(report, sent, malformed);
				});
				logger.info("Verifier: {}", last.get().balance());
			}

			// And every fan-out group consumed everything, its effects exact
			await().atMost(Duration.ofMinutes(3))
				.untilAsserted(() -> assertThat(FAN_OUT_GROUPS).allSatisfy(
						(group) -> assertThat(probe.groups().lag(group, Topics.ORDERS).total()).as("lag of %s", group)
							.isZero()));
			assertEveryOrderCountedOnce(fanOut.get(0), published);
			assertEveryOrderArchivedOnce(sent);
		}
		finally {
			replicas.forEach(JvmProcess::close);
			fanOut.forEach(JvmProcess::close);
		}
	}

	/**
	 * What the test will do, and when, from the start of the orders. Each replica is
	 * SIGKILLed once, in a random order, then random replicas are SIGKILLed or shut down;
	 * never the same one twice in a row, so that each victim has had time to come back
	 * and own partitions. The hits are spread evenly with some jitter. Each broker crash
	 * falls in the middle of its share of the time, and the broker is down 5 to 15 s.
	 */
	private static List<Event> schedule(Random random, List<Integer> brokers) {
		int hits = Math.max(REPLICAS, (int) (DURATION.toMillis() / EVERY.toMillis()));
		long slot = DURATION.toMillis() / hits;
		List<Integer> firstRound = new ArrayList<>(IntStream.range(0, REPLICAS).boxed().toList());
		Collections.shuffle(firstRound, random);
		List<Event> events = new ArrayList<>();
		int previous = -1;
		for (int i = 0; i < hits; i++) {
			int victim;
			Action action;
			if (i < REPLICAS) {
				victim = firstRound.get(i);
				action = Action.SIGKILL;
			}
			else {
				victim = (previous + 1 + random.nextInt(REPLICAS - 1)) % REPLICAS;
				action = random.nextBoolean() ? Action.SIGKILL : Action.SIGTERM;
			}
			long jitter = (long) ((random.nextDouble() - 0.5) * slot * 0.6);
			events.add(new Event(Duration.ofMillis(slot * i + slot / 2 + jitter), action, victim));
			previous = victim;
		}
		if (!brokers.isEmpty()) {
			int crashes = Math.max(1, (int) (DURATION.toMillis() / BROKER_CRASH_EVERY.toMillis()));
			long share = DURATION.toMillis() / crashes;
			for (int i = 0; i < crashes; i++) {
				long at = share * i + (long) (share * (0.3 + 0.4 * random.nextDouble()));
				int node = brokers.get(random.nextInt(brokers.size()));
				long down = 5_000 + random.nextInt(10_000);
				events.add(new Event(Duration.ofMillis(at), Action.BROKER_SIGKILL, node));
				events.add(new Event(Duration.ofMillis(at + down), Action.BROKER_START, node));
			}
		}
		else {
			logger.info("Chaos: no broker crash, the cluster is not a local one");
		}
		events.sort(Comparator.comparing(Event::at));
		return events;
	}

	/** The victim is back in the group since its last crash, with work of its own. */
	private static void awaitOwnsPartitions(KafkaProbe probe, JvmProcess victim, List<JvmProcess> replicas) {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.untilAsserted(() -> {
				restartStopped(replicas);
				assertThat(probe.groups()
					.consumerGroup(OrderVerifier.PROCESSORS, Topics.ORDERS)
					.partitionsByMember()
					.get(victim.name())).as("partitions of %s", victim.name()).isNotEmpty();
			});
	}

	/**
	 * Restarts a replica that stopped on its own, as a supervisor (Kubernetes, systemd)
	 * would. A replica stops when its transactional producer is fenced: a broker crash
	 * can hold a transaction past {@code transaction.timeout.ms} while its partitions
	 * find new leaders, the coordinator then aborts it and bumps the producer's epoch,
	 * and the replica cannot tell that from a zombie ({@code FencedMemberShutdown}).
	 * Every order must still have exactly one status.
	 */
	private static void restartStopped(List<JvmProcess> replicas) {
		for (JvmProcess replica : replicas) {
			if (!replica.isAlive()) {
				logger.info("Chaos: {} stopped on its own (exit code {}): restarted, as a supervisor would",
						replica.name(), replica.exitCode());
				replica.start();
			}
		}
	}

	/**
	 * Waits for a moment at which orders are being sent and the group has records it has
	 * not committed, read from the cluster (Admin API), so that the crash that follows
	 * catches work in flight.
	 */
	private static InFlight awaitInFlight(KafkaProbe probe, SteadyOrders orders) {
		AtomicReference<InFlight> seen = new AtomicReference<>();
		// Long enough for a read of the cluster to time out (60 s, Kafka's default) and
		// be tried again while a broker's partitions find new leaders
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.untilAsserted(() -> {
				InFlight inFlight = inFlight(probe, orders);
				seen.set(inFlight);
				assertThat(inFlight.sending()).as("orders being sent: %s", inFlight).isTrue();
				assertThat(inFlight.lag()).as("lag of %s: %s", OrderVerifier.PROCESSORS, inFlight).isPositive();
			});
		return seen.get();
	}

	private static InFlight inFlight(KafkaProbe probe, SteadyOrders orders) {
		Duration sinceAcknowledged = orders.sinceLastAcknowledged();
		return new InFlight(orders.isSending() && sinceAcknowledged.compareTo(FLOWING) < 0, orders.settledCount(),
				sinceAcknowledged, probe.groups().lag(OrderVerifier.PROCESSORS, Topics.ORDERS).total());
	}

	/**
	 * Recovered from the last crash: every replica is back in the group, every partition
	 * has an owner, and the group is within two seconds' orders of the newest.
	 */
	private static void awaitRecovered(KafkaProbe probe, List<JvmProcess> replicas) {
		restartStopped(replicas);
		replicas.forEach(JvmProcess::awaitHealthy);
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.untilAsserted(() -> {
				restartStopped(replicas);
				GroupAssignment group = probe.groups().consumerGroup(OrderVerifier.PROCESSORS, Topics.ORDERS);
				assertThat(group.partitionsByMember().keySet()).as("members")
					.containsExactlyInAnyOrderElementsOf(replicas.stream().map(JvmProcess::name).toList());
				assertThat(group.ownerByPartition()).as("partitions with an owner").hasSize(PARTITIONS);
				assertThat(probe.groups().lag(OrderVerifier.PROCESSORS, Topics.ORDERS).total()).as("lag")
					.isLessThan(2 * RATE);
			});
	}

	/**
	 * The verifier's accounts, by order id: the valid orders on {@code orders} are those
	 * sent, and each has exactly one status, about the order at the position it names.
	 */
	private static void assertExactlyOnce(OrderVerifier.Report report, Set<String> sent, int malformed) {
		OrderLedger.Balance balance = report.balance();
		OrderLedger.OrderIds ids = report.orderIds();
		assertSameOrders("valid orders on " + Topics.ORDERS, ids.orders(), sent);
		assertSameOrders("orders with exactly one status", ids.withOneStatus(), sent);
		assertThat(ids.missing()).as("orders without a status").isEmpty();
		assertThat(ids.duplicated()).as("orders with more than one status").isEmpty();
		assertThat(ids.unknown()).as("statuses of no order").isEmpty();
		assertThat(balance.mismatched()).as("statuses not about the order at their position").isZero();
		assertThat(balance.lost()).as("records without an outcome").isZero();
		assertThat(balance.duplicated()).as("records with more than one outcome").isZero();
		assertThat(balance.deadLetters()).as("dead letters").isEqualTo(malformed);
	}

	/** Compared as sets: AssertJ's any-order comparison of lists is quadratic. */
	private static void assertSameOrders(String what, Set<String> actual, Set<String> expected) {
		assertThat(actual.stream().filter((orderId) -> !expected.contains(orderId)).limit(10).toList())
			.as("%s, not sent", what)
			.isEmpty();
		assertThat(expected.stream().filter((orderId) -> !actual.contains(orderId)).limit(10).toList())
			.as("orders sent, not among the %s", what)
			.isEmpty();
	}

	/**
	 * The fan-out groups, each one process, left running through the chaos (the broker
	 * crash reaches them all): analytics-service and archive-service.
	 * notification-service has crash and restart tests of its own
	 * ({@code NotificationChaosIT}), with a receiver that counts its posts.
	 */
	private static List<JvmProcess> fanOut() {
		List<String> archive = new ArrayList<>(s3.serviceProperties());
		archive.add("archive.batch.max-age=2s");
		return List.of(
				ServiceProcesses.of("analytics-service", "analytics-service-1", kafka, Map.of(),
						"spring.kafka.streams.state-dir=" + stateDir),
				ServiceProcesses.of("archive-service", "archive-service-1", kafka, Map.of(),
						archive.toArray(String[]::new)));
	}

	/** Kafka Streams with exactly_once_v2: each valid order in the totals once. */
	private static void assertEveryOrderCountedOnce(JvmProcess analytics, List<String> published) {
		await().atMost(Duration.ofMinutes(1))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(RestClient.create(analytics.url())
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
	private static void assertEveryOrderArchivedOnce(Set<String> sent) {
		Map<String, Long> timesArchived = s3.objects("orders-archive")
			.stream()
			.flatMap((object) -> object.orders().stream())
			.collect(Collectors.groupingBy(Order::orderId, Collectors.counting()));
		assertSameOrders("orders archived", timesArchived.keySet(), sent);
		assertThat(timesArchived.values()).allSatisfy((times) -> assertThat(times).isEqualTo(1));
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	private enum Action {

		SIGKILL, SIGTERM, BROKER_SIGKILL, BROKER_START

	}

	/**
	 * One step of the schedule.
	 *
	 * @param at when, from the start of the orders
	 * @param action what
	 * @param target the index of the replica, or the broker's node id
	 */
	private record Event(Duration at, Action action, int target) {

		@Override
		public String toString() {
			String target = (this.action == Action.SIGKILL || this.action == Action.SIGTERM)
					? "order-processor-" + (this.target + 1) : "broker " + this.target;
			return seconds(this.at) + " " + this.action + " " + target;
		}

	}

	/**
	 * Work in flight at one moment.
	 *
	 * @param sending whether orders are being sent and acknowledged
	 * @param settled records the producer is done with so far
	 * @param sinceAcknowledged since the last acknowledgement
	 * @param lag records of {@code orders} the group has not committed
	 */
	private record InFlight(boolean sending, int settled, Duration sinceAcknowledged, long lag) {

		@Override
		public String toString() {
			return (this.sending ? "sending" : "NOT sending") + " (" + this.settled + " records settled, the last "
					+ this.sinceAcknowledged.toMillis() + " ms ago), lag of " + OrderVerifier.PROCESSORS + " "
					+ this.lag;
		}

	}

}
