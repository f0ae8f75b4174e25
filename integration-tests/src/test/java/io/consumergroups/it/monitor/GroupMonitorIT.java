package io.consumergroups.it.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.analytics.AnalyticsServiceApplication;
import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import io.consumergroups.monitor.GroupMonitorApplication;
import io.consumergroups.monitor.web.GroupView;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * group-monitor on a real broker, for both consumer group protocols, a streams group and
 * a share group: what it reports of a group (type, members, assignment, epochs) is what
 * the coordinator says, and its lag is exactly what was produced and not committed (a
 * share group: not acknowledged).
 */
class GroupMonitorIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	private static final Logger logger = LoggerFactory.getLogger(GroupMonitorIT.class);

	private static KafkaProbe probe;

	private static RunningService monitor;

	@BeforeAll
	static void startTheMonitor() {
		probe = new KafkaProbe(kafka);
		probe.createTopic(Topics.ORDERS, 6);
		monitor = RunningService.start(GroupMonitorApplication.class, "group-monitor", kafka);
	}

	@AfterAll
	static void stopTheMonitor() {
		monitor.close();
		probe.close();
	}

	@Test
	void shouldReportTheMembersAssignmentAndLagOfAClassicGroup() {
		Seen seen = shouldReportMembersAssignmentAndLag("order-processors-classic", "classic");

		assertThat(seen.running().assignor()).isEqualTo("cooperative-sticky");
		assertThat(seen.running().groupEpoch()).isNull();
		assertThat(seen.running().members()).allSatisfy((member) -> assertThat(member.memberEpoch()).isNull());
		long lagOfPartition0 = seen.lagging().partition("orders-0").orElseThrow().lag();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(prometheus()).contains(
					"consumer_group_lag_records{application=\"group-monitor\",group=\"order-processors-classic\",partition=\"0\",topic=\"orders\"} "
							+ lagOfPartition0 + ".0",
					"consumer_group_members{application=\"group-monitor\",group=\"order-processors-classic\"}",
					"consumer_group_rebalances_total{application=\"group-monitor\",group=\"order-processors-classic\"}"));
	}

	@Test
	void shouldReportTheMembersAssignmentEpochsAndLagOfAConsumerProtocolGroup() {
		Seen seen = shouldReportMembersAssignmentAndLag("order-processors-kip848", "consumer",
				"orders.processor.group.protocol=consumer");

		GroupView group = seen.running();
		assertThat(group.assignor()).isNotBlank();
		assertThat(group.groupEpoch()).isPositive();
		assertThat(group.targetAssignmentEpoch()).isEqualTo(group.groupEpoch());
		assertThat(group.members()).allSatisfy((member) -> {
			assertThat(member.memberEpoch()).isEqualTo(group.groupEpoch());
			assertThat(member.instanceId()).isEqualTo(member.name());
			assertThat(member.targetPartitions()).isEqualTo(member.partitions());
		});
	}

	@Test
	void shouldReportTheMembersAndTasksOfAStreamsGroup(@TempDir Path stateDirs) {
		String groupId = "analytics-streams-monitored";
		try (RunningService first = streamsAnalytics(groupId, stateDirs.resolve("instance-1"));
				RunningService second = streamsAnalytics(groupId, stateDirs.resolve("instance-2"))) {
			// Given two analytics-service instances in a streams group (KIP-1071), whose
			// tasks the broker split between them
			await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.groups().streamsGroup(groupId, Topics.ORDERS).tasksByMember(),
						(tasks) -> tasks.size() == 2 && tasks.values().stream().noneMatch(Set::isEmpty));

			// Then the monitor shows it as a streams group, each member with the
			// partitions its tasks read: together every partition of orders, once
			GroupView seen = await().atMost(Duration.ofSeconds(30))
				.until(() -> view(groupId).orElse(null), (group) -> group != null && group.members().size() == 2
						&& group.members().stream().noneMatch((member) -> member.partitions().isEmpty()));
			assertThat(seen.type()).isEqualTo("streams");
			assertThat(seen.groupEpoch()).isPositive();
			assertThat(seen.members()).allSatisfy((member) -> assertThat(member.memberEpoch()).isPositive());
			assertThat(seen.members()
				.stream()
				.flatMap((member) -> member.partitions().stream())
				.filter((partition) -> partition.startsWith(Topics.ORDERS + "-")))
				.containsExactlyInAnyOrder("orders-0", "orders-1", "orders-2", "orders-3", "orders-4", "orders-5");
		}
	}

	@Test
	void shouldReportTheMembersPartitionsStartOffsetsAndLagOfAShareGroup() {
		String groupId = "order-processors-share-monitored";
		String[] settings = { "orders.processor.group.type=share", "orders.processor.group.share-group-id=" + groupId,
				"spring.kafka.listener.concurrency=4" };
		try (RunningService first = RunningService.orderProcessor(kafka, "order-processor-1", settings);
				RunningService second = RunningService.orderProcessor(kafka, "order-processor-2", settings)) {
			// Given eight share members on six partitions, as the coordinator says, each
			// partition fetched by at least one
			await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.groups().shareGroup(groupId, Topics.ORDERS),
						(group) -> group.partitionsByMember().size() == 8 && group.partitionsByMember()
							.values()
							.stream()
							.flatMap(List::stream)
							.collect(Collectors.toSet())
							.size() == 6);

			// Then the monitor shows every member with the partitions it fetches from,
			// and every partition with all its members: shared, not owned. Compared with
			// the coordinator read at the same moment: while members settle, the
			// coordinator may still move a partition between them
			AtomicReference<GroupAssignment> coordinator = new AtomicReference<>();
			GroupView seen = await().atMost(Duration.ofSeconds(30)).until(() -> {
				coordinator.set(probe.groups().shareGroup(groupId, Topics.ORDERS));
				return view(groupId).orElse(null);
			}, (group) -> group != null && ownership(group).equals(coordinator.get().partitionsByMember()));
			GroupAssignment described = coordinator.get();
			assertThat(seen.type()).isEqualTo("share");
			assertThat(seen.members()).hasSize(8).noneMatch(GroupView.Member::idle);
			assertThat(seen.partitions()).hasSize(6).allSatisfy((partition) -> {
				assertThat(partition.sharedBy()).as(partition.name())
					.containsExactlyInAnyOrderElementsOf(membersOf(described, partition.partition()));
				assertThat(partition.owner()).isNull();
				assertThat(partition.unownedForMillis()).isNull();
				assertThat(partition.committed()).isNull();
			});

			// When 300 orders are published, and each has its status on order-status
			List<Order> orders = IntStream.range(0, 300).mapToObj(OrderFixtures::order).toList();
			probe.publish(orders);
			Set<String> ids = orders.stream().map(Order::orderId).collect(Collectors.toSet());
			await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
					.stream()
					.map((status) -> status.value().orderId())
					.collect(Collectors.toSet())
					.containsAll(ids));
			Map<TopicPartition, Long> end = probe.groups().endOffsets(Topics.ORDERS);

			// Then the monitor shows each partition's start offset and lag as the share
			// coordinator reports them, read at the same moment: they move while the last
			// acknowledgements are written. Kafka 4.2.1 persists the start offset as it
			// was before the acknowledgement it writes, so it may trail the last one; the
			// lag counts the records from it to the end not yet acknowledged
			AtomicReference<Map<Integer, SharePartitionOffsetInfo>> admin = new AtomicReference<>();
			GroupView done = await().atMost(Duration.ofSeconds(60)).until(() -> {
				admin.set(probe.groups().shareOffsets(groupId, Topics.ORDERS));
				return view(groupId).orElse(null);
			}, (group) -> group != null && group.partitions().size() == 6 && group.partitions()
				.stream()
				.allMatch((partition) -> admin.get().containsKey(partition.partition())
						&& Long.valueOf(admin.get().get(partition.partition()).startOffset())
							.equals(partition.startOffset())
						&& admin.get().get(partition.partition()).lag().equals(Optional.ofNullable(partition.lag()))));
			logger.info("Share group offsets after every order has its status: {}; log-end offsets {}", admin.get(),
					end);
			assertThat(done.partitions()).allSatisfy((partition) -> {
				TopicPartition topicPartition = new TopicPartition(partition.topic(), partition.partition());
				assertThat(partition.logEnd()).as(partition.name()).isEqualTo(end.get(topicPartition));
				assertThat(partition.startOffset()).as(partition.name()).isBetween(0L, partition.logEnd());
				assertThat(partition.lag()).as(partition.name())
					.isBetween(0L, partition.logEnd() - partition.startOffset());
			});
			assertThat(done.lag().records())
				.isEqualTo(done.partitions().stream().mapToLong(GroupView.Partition::lag).sum());
		}
	}

	/**
	 * Start two replicas in their own group, check the monitor sees them as the
	 * coordinator does, then stop them, publish more and check the lag.
	 * @return the group as the monitor reported it with its members, then lagging
	 */
	private static Seen shouldReportMembersAssignmentAndLag(String groupId, String type, String... properties) {
		Map<TopicPartition, Long> endBefore;
		GroupView seen;
		try (RunningService first = processor(groupId, "order-processor-1", properties);
				RunningService second = processor(groupId, "order-processor-2", properties)) {
			// Given two members with three partitions each, as the coordinator says
			GroupAssignment described = await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.groups().consumerGroup(groupId, Topics.ORDERS),
						(group) -> group.partitionsByMember().size() == 2 && group.partitionsByMember()
							.values()
							.stream()
							.allMatch((partitions) -> partitions.size() == 3));

			// Then the monitor reports them, with the group's type
			seen = await().atMost(Duration.ofSeconds(10))
				.until(() -> view(groupId).orElse(null), (group) -> group != null && group.state().equals("Stable")
						&& ownership(group).equals(described.partitionsByMember()));
			assertThat(seen.type()).isEqualTo(type);
			assertThat(seen.members()).extracting(GroupView.Member::name)
				.containsExactly("order-processor-1", "order-processor-2");
			assertThat(seen.members()).allSatisfy((member) -> {
				assertThat(member.clientId()).isEqualTo(member.name());
				assertThat(member.host()).isNotBlank();
				assertThat(member.idle()).isFalse();
			});
			assertThat(seen.partitions()).hasSize(6)
				.allSatisfy((partition) -> assertThat(partition.owner()).isNotNull());

			// When they have processed some orders
			probe.publish(IntStream.range(0, 300).mapToObj(OrderFixtures::order).toList());
			await().atMost(Duration.ofSeconds(60)).until(() -> probe.groups().lag(groupId, Topics.ORDERS).total() == 0);
			endBefore = probe.groups().endOffsets(Topics.ORDERS);
		}
		// and more are published once they have stopped
		List<RecordMetadata> waiting = probe.publish(IntStream.range(300, 420).mapToObj(OrderFixtures::order).toList());
		Map<Integer, Long> expectedLag = waiting.stream()
			.collect(Collectors.groupingBy(RecordMetadata::partition, Collectors.counting()));
		Map<TopicPartition, Long> endAfter = probe.groups().endOffsets(Topics.ORDERS);
		long expectedTotal = probe.groups().lag(groupId, Topics.ORDERS).total();

		// Then the monitor's lag is what was produced and not committed, partition by
		// partition
		assertThat(expectedTotal).isEqualTo(120);
		GroupView lagging = await().atMost(Duration.ofSeconds(10))
			.until(() -> view(groupId).orElse(null),
					(group) -> group != null && group.lag().records() == expectedTotal);
		for (GroupView.Partition partition : lagging.partitions()) {
			TopicPartition topicPartition = new TopicPartition(partition.topic(), partition.partition());
			assertThat(partition.committed()).as(partition.name()).isEqualTo(endBefore.get(topicPartition));
			assertThat(partition.logEnd()).as(partition.name()).isEqualTo(endAfter.get(topicPartition));
			assertThat(partition.lag()).as(partition.name())
				.isEqualTo(expectedLag.getOrDefault(partition.partition(), 0L));
		}
		return new Seen(seen, lagging);
	}

	private static String prometheus() {
		return monitor.http().get().uri("/actuator/prometheus").retrieve().body(String.class);
	}

	private static RunningService processor(String groupId, String instanceId, String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "spring.kafka.consumer.group-id=" + groupId;
		System.arraycopy(properties, 0, all, 1, properties.length);
		return RunningService.orderProcessor(kafka, instanceId, all);
	}

	private static RunningService streamsAnalytics(String groupId, Path stateDir) {
		return RunningService.start(AnalyticsServiceApplication.class, "analytics-service", kafka,
				"analytics.group.protocol=streams", "spring.kafka.streams.application-id=" + groupId,
				"spring.kafka.streams.state-dir=" + stateDir);
	}

	private static Optional<GroupView> view(String groupId) {
		try {
			return Optional.ofNullable(
					monitor.http().get().uri("/api/groups/{groupId}", groupId).retrieve().body(GroupView.class));
		}
		catch (HttpClientErrorException.NotFound ex) {
			return Optional.empty();
		}
	}

	private record Seen(GroupView running, GroupView lagging) {

	}

	private static List<String> membersOf(GroupAssignment group, int partition) {
		return group.partitionsByMember()
			.entrySet()
			.stream()
			.filter((member) -> member.getValue().contains(partition))
			.map(Map.Entry::getKey)
			.toList();
	}

	private static Map<String, List<Integer>> ownership(GroupView group) {
		return group.members()
			.stream()
			.collect(Collectors.toMap(GroupView.Member::name,
					(member) -> member.partitions()
						.stream()
						.map((name) -> Integer.valueOf(name.substring(name.lastIndexOf('-') + 1)))
						.sorted()
						.toList(),
					(a, b) -> a, TreeMap::new));
	}

}
