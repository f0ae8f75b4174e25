package io.consumergroups.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-processor run at-least-once ({@code orders.processor.exactly-once=false}): no
 * Kafka transaction, a poll's statuses acknowledged before its offsets are committed. A
 * replica killed mid-way loses no order; the orders it had processed but not committed
 * are processed again by the replica that takes its partitions.
 */
class AtLeastOnceIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final Logger logger = LoggerFactory.getLogger(AtLeastOnceIT.class);

	private static final String GROUP = "order-processors";

	private static final String SURVIVOR = "order-processor-1";

	private static final String VICTIM = "order-processor-2";

	private static final String AT_LEAST_ONCE = "orders.processor.exactly-once=false";

	@Test
	void shouldProcessEachOrderAndDeadLetterMalformedRecordsWithoutTransactions() throws Exception {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given a replica run at-least-once
			probe.createTopic(Topics.ORDERS, 6);
			try (RunningService processor = RunningService.orderProcessor(kafka, "order-processor-1", AT_LEAST_ONCE)) {
				awaitStable(probe, 1, Duration.ofSeconds(60));

				// When orders arrive, with a malformed record among them
				probe.publishRaw(Topics.ORDERS, "customer-1", "{not json".getBytes(StandardCharsets.UTF_8));
				List<Order> orders = IntStream.range(1, 41).mapToObj(OrderFixtures::order).toList();
				probe.publish(orders);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);

				// Then each order has its status, the malformed record is dead-lettered
				// with its cause, and no transaction was ever begun
				assertThat(statusesByOrder(probe))
					.containsOnlyKeys(orders.stream().map(Order::orderId).toArray(String[]::new))
					.allSatisfy((orderId, statuses) -> assertThat(statuses).hasSize(1));
				List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(Topics.ORDERS_DLT,
						new ByteArrayDeserializer());
				assertThat(deadLetters).singleElement()
					.satisfies((record) -> assertThat(record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
						.isNotNull());
				assertThat(transactionalIds()).isEmpty();
			}
		}
	}

	@Test
	void shouldLoseNoOrderWhenAReplicaIsKilledAndRepeatExactlyWhatItHadNotCommitted() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given two replicas run at-least-once, each with its partitions; the one to
			// be killed takes 50 ms an order, so that orders queue up for it and each of
			// its polls of 50 sends statuses for 2.5 s before it commits their offsets
			probe.createTopic(Topics.ORDERS, 6);
			JvmProcess survivor = ServiceProcesses.orderProcessor(kafka, SURVIVOR, AT_LEAST_ONCE);
			JvmProcess victim = ServiceProcesses.orderProcessor(kafka, VICTIM, AT_LEAST_ONCE,
					"orders.processor.simulated-work=50ms");
			try (survivor; victim) {
				survivor.start();
				victim.start();
				survivor.awaitHealthy();
				victim.awaitHealthy();
				List<Integer> victimsPartitions = awaitStable(probe, 2, Duration.ofSeconds(90)).partitionsByMember()
					.get(VICTIM);

				// When orders flow and the slow replica is killed in the middle of a
				// poll, once it has committed some orders
				List<String> published;
				Map<Integer, Long> committedAtKill;
				try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 200, 0)) {
					awaitStatusesPastCommittedOffsets(probe, victimsPartitions);
					victim.kill();
					committedAtKill = committedOn(probe, victimsPartitions);
					// Read before the group hands them over: the dead static member still
					// holds them, so these are the offsets it committed last
					assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).partitionsByMember())
						.containsEntry(VICTIM, victimsPartitions);
					awaitStable(probe, 1, Duration.ofSeconds(60));
					published = orders.settle();
				}
				await().atMost(Duration.ofSeconds(60))
					.until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);

				// Then every order has a status, and the orders with two are exactly
				// those the killed replica had published a status for at or after its
				// last committed offset: published by it, then by the survivor
				Map<String, List<OrderStatus>> statuses = statusesByOrder(probe);
				Map<String, List<OrderStatus>> repeated = statuses.entrySet()
					.stream()
					.filter((entry) -> entry.getValue().size() > 1)
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
				Set<String> notCommittedByVictim = statuses.values()
					.stream()
					.flatMap(List::stream)
					.filter((status) -> status.processedBy().equals(VICTIM)
							&& victimsPartitions.contains(status.partition())
							&& status.offset() >= committedAtKill.get(status.partition()))
					.map(OrderStatus::orderId)
					.collect(Collectors.toSet());
				logger.info("{} orders published; offsets committed on {} when {} was killed: {}; {} orders repeated",
						published.size(), victimsPartitions, VICTIM, committedAtKill, repeated.size());
				assertThat(statuses).containsOnlyKeys(published.toArray(String[]::new));
				assertThat(repeated).as("orders with two statuses").isNotEmpty();
				assertThat(repeated.values()).allSatisfy((twice) -> {
					assertThat(twice).extracting(OrderStatus::processedBy).containsExactly(VICTIM, SURVIVOR);
					assertThat(twice.get(0).partition()).isIn(victimsPartitions);
					assertThat(twice.get(0).offset())
						.isGreaterThanOrEqualTo(committedAtKill.get(twice.get(0).partition()));
				});
				assertThat(repeated.keySet()).as("orders with two statuses")
					.containsExactlyInAnyOrderElementsOf(notCommittedByVictim);
			}
		}
	}

	/**
	 * Wait until the victim has committed a poll's worth of orders and has sent statuses
	 * for orders past its committed offsets, as seen on {@code order-status} and through
	 * the Admin API: a kill then lands inside a poll, not between its commit and the
	 * next. Read uncommitted, so that a replica run exactly-once would be killed at the
	 * same point, in the middle of its transaction.
	 */
	private static void awaitStatusesPastCommittedOffsets(KafkaProbe probe, List<Integer> victimsPartitions) {
		Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_UNCOMMITTED.toString(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, OrderStatus> statuses = new KafkaConsumer<>(settings, new StringDeserializer(),
				Topics.orderStatusSerde().deserializer())) {
			List<TopicPartition> partitions = statuses.partitionsFor(Topics.ORDER_STATUS)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			statuses.assign(partitions);
			statuses.seekToBeginning(partitions);
			Map<Integer, Long> lastSentByVictim = new HashMap<>();
			await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
				for (ConsumerRecord<String, OrderStatus> record : statuses.poll(Duration.ofMillis(100))) {
					if (record.value().processedBy().equals(VICTIM)) {
						lastSentByVictim.merge(record.value().partition(), record.value().offset(), Math::max);
					}
				}
				Map<Integer, Long> committed = committedOn(probe, victimsPartitions);
				long committedInAll = committed.values().stream().mapToLong(Long::longValue).sum();
				return committedInAll >= 50 && lastSentByVictim.entrySet()
					.stream()
					.anyMatch((last) -> last.getValue() >= committed.getOrDefault(last.getKey(), Long.MAX_VALUE));
			});
		}
	}

	/**
	 * The group's committed offset on each of the partitions, 0 where it has none yet
	 * (its members then read from the earliest).
	 */
	private static Map<Integer, Long> committedOn(KafkaProbe probe, List<Integer> partitions) {
		Map<Integer, Long> committed = probe.groups().lag(GROUP, Topics.ORDERS).committedOffsets();
		return partitions.stream()
			.collect(Collectors.toMap(Function.identity(), (partition) -> committed.getOrDefault(partition, 0L)));
	}

	private static GroupAssignment awaitStable(KafkaProbe probe, int members, Duration atMost) {
		return await().atMost(atMost)
			.until(() -> probe.groups().consumerGroup(GROUP, Topics.ORDERS),
					(group) -> group.state() == GroupState.STABLE && group.partitionsByMember().size() == members
							&& group.ownerByPartition().size() == 6);
	}

	/** The statuses published for each order, in the order they were written. */
	private static Map<String, List<OrderStatus>> statusesByOrder(KafkaProbe probe) {
		return probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
			.stream()
			.map(ConsumerRecord::value)
			.collect(Collectors.groupingBy(OrderStatus::orderId));
	}

	private static Set<String> transactionalIds() throws InterruptedException, ExecutionException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			return admin.listTransactions()
				.all()
				.get()
				.stream()
				.map(TransactionListing::transactionalId)
				.collect(Collectors.toSet());
		}
	}

}
