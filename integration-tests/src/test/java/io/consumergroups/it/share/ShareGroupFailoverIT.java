package io.consumergroups.it.share;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.monitor.GroupMonitorApplication;
import io.consumergroups.verifier.OrderLedger;
import io.consumergroups.verifier.OrderVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A share member killed (SIGKILL) with records in flight: the broker gives them to
 * another member once their acquisition lock expires ({@code record-lock-duration}, 5 s),
 * so every order gets a status; an order gets a second one only on a later delivery.
 */
class ShareGroupFailoverIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final Logger logger = LoggerFactory.getLogger(ShareGroupFailoverIT.class);

	private static final String SURVIVOR = "order-processor-1";

	private static final String VICTIM = "order-processor-2";

	@Test
	void shouldRedeliverTheRecordsOfAKilledMemberToAnother() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given two share members in their own processes; the one to be killed
			// takes 5 orders at a time and 200 ms an order, so that it always holds
			// records it has not acknowledged
			probe.createTopic(Topics.ORDERS, 6);
			JvmProcess survivor = ServiceProcesses.orderProcessor(kafka, SURVIVOR, ShareGroupIT.SHARE);
			JvmProcess victim = ServiceProcesses.orderProcessor(kafka, VICTIM, ShareGroupIT.SHARE,
					"orders.processor.simulated-work=200ms", "spring.kafka.consumer.max-poll-records=5");
			try (survivor;
					victim;
					RunningService monitor = RunningService.start(GroupMonitorApplication.class, "group-monitor",
							kafka)) {
				survivor.start();
				victim.start();
				survivor.awaitHealthy();
				victim.awaitHealthy();
				await().atMost(Duration.ofSeconds(60))
					.until(() -> probe.groups()
						.shareGroup(ShareGroupIT.SHARE_GROUP, Topics.ORDERS)
						.partitionsByMember()
						.keySet(), (members) -> members.size() == 2);

				// When orders flow and the slow member is killed once it has processed
				// some
				List<String> published;
				Instant killedAt;
				try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 50, 0)) {
					await().atMost(Duration.ofSeconds(60))
						.until(() -> processedBy(ShareGroupIT.statusesByOrder(probe), VICTIM) >= 10);
					victim.kill();
					killedAt = Instant.now();
					await().atMost(Duration.ofSeconds(30))
						.until(() -> probe.groups()
							.shareGroup(ShareGroupIT.SHARE_GROUP, Topics.ORDERS)
							.partitionsByMember()
							.keySet(), (members) -> members.equals(Set.of(SURVIVOR)));
					published = orders.settle();
				}

				// Then every order has a status, the records the victim held were
				// delivered again, to the survivor, and an order has a second status only
				// from a later delivery
				await().atMost(Duration.ofSeconds(60))
					.until(() -> ShareGroupIT.statusesByOrder(probe).keySet().containsAll(published));
				Map<String, List<OrderStatus>> statuses = ShareGroupIT.statusesByOrder(probe);
				List<OrderStatus> redelivered = statuses.values()
					.stream()
					.flatMap(List::stream)
					.filter((status) -> status.deliveryCount() != null && status.deliveryCount() > 1)
					.toList();
				Map<String, List<OrderStatus>> twice = statuses.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().size() > 1)
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
				logger.info(
						"{} orders published; {} killed at {}; {} statuses of later deliveries, e.g. {}; "
								+ "{} orders with two statuses, e.g. {}",
						published.size(), VICTIM, killedAt, redelivered.size(), redelivered.stream().limit(2).toList(),
						twice.size(), twice.values().stream().limit(2).toList());
				assertThat(statuses).containsOnlyKeys(published);
				assertThat(redelivered).as("statuses of later deliveries")
					.isNotEmpty()
					.allSatisfy((status) -> assertThat(status.processedBy()).isEqualTo(SURVIVOR));
				assertThat(twice.values()).allSatisfy((both) -> {
					assertThat(both).hasSize(2);
					assertThat(both.get(0).processedBy()).isEqualTo(VICTIM);
					assertThat(both.get(1).deliveryCount()).isGreaterThan(both.get(0).deliveryCount());
				});

				// And group-monitor shows the survivor's redeliveries, which the Admin
				// API
				// does not report, as order-status has them
				long survivorStatuses = processedBy(statuses, SURVIVOR);
				await().atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(monitoredWork(monitor, SURVIVOR))
						.containsEntry("processed", (int) survivorStatuses)
						.containsEntry("redelivered", redelivered.size()));

				// And order-verifier, accounting for the share group, finds the same:
				// every record has an outcome, a second one only from another delivery
				try (OrderVerifier verifier = new OrderVerifier(kafka.bootstrapServers(),
						OrderLedger.Delivery.AT_LEAST_ONCE)) {
					OrderLedger.Balance balance = verifier.verify().balance();
					logger.info("Verifier: {}", balance);
					assertThat(balance.isExact()).as("balanced: %s", balance).isTrue();
					assertThat(balance.lost()).isZero();
					assertThat(balance.duplicated()).isZero();
					assertThat(balance.redelivered()).as("records with an outcome on two deliveries")
						.isEqualTo(twice.size());
					assertThat(balance.orderIds().withOneStatus()).containsExactlyInAnyOrderElementsOf(published);
				}
			}
		}
	}

	/**
	 * A member of the share group as group-monitor shows it: its statuses.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> monitoredWork(RunningService monitor, String member) {
		Map<String, Object> view = monitor.http()
			.get()
			.uri("/api/groups/{groupId}", ShareGroupIT.SHARE_GROUP)
			.retrieve()
			.body(Map.class);
		return ((List<Map<String, Object>>) view.get("members")).stream()
			.filter((candidate) -> member.equals(candidate.get("name")))
			.map((candidate) -> (Map<String, Object>) candidate.get("work"))
			.findFirst()
			.orElseThrow();
	}

	private static long processedBy(Map<String, List<OrderStatus>> statuses, String member) {
		return statuses.values().stream().flatMap(List::stream).filter((s) -> s.processedBy().equals(member)).count();
	}

}
