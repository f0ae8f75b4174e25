package io.consumergroups.it.share;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.consumergroups.events.DeadLetters;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-processor as members of a share group (KIP-932,
 * {@code orders.processor.group.type=share}): more members than partitions, all busy; a
 * record that can never be processed dead-lettered and rejected, once; and no promise of
 * per-key order.
 */
class ShareGroupIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final Logger logger = LoggerFactory.getLogger(ShareGroupIT.class);

	static final String SHARE_GROUP = "order-processors-share";

	static final String SHARE = "orders.processor.group.type=share";

	@Test
	void shouldKeepTwelveMembersBusyOnSixPartitionsWithoutKeepingEachCustomersOrder() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given two replicas of six share consumers each, 12 members on 6 partitions,
			// each taking at most 5 orders at a time and 20 ms an order
			probe.createTopic(Topics.ORDERS, 6);
			String[] settings = { SHARE, "spring.kafka.listener.concurrency=6", "orders.processor.simulated-work=20ms",
					"spring.kafka.consumer.max-poll-records=5" };
			try (RunningService first = RunningService.orderProcessor(kafka, "order-processor-1", settings);
					RunningService second = RunningService.orderProcessor(kafka, "order-processor-2", settings)) {
				// (and the broker has given every partition to two of them)
				GroupAssignment group = await().atMost(Duration.ofSeconds(30))
					.until(() -> probe.groups().shareGroup(SHARE_GROUP, Topics.ORDERS),
							(members) -> members.partitionsByMember().size() == 12
									&& membersPerPartition(members).size() == 6
									&& membersPerPartition(members).values().stream().allMatch((n) -> n >= 2));
				logger.info("Share group {}: {}", SHARE_GROUP, group.partitionsByMember());

				// When 1200 orders arrive, the last 60 of them one customer's
				List<Order> orders = Stream
					.concat(IntStream.range(0, 1140).mapToObj(OrderFixtures::order),
							IntStream.range(0, 60).mapToObj((n) -> OrderFixtures.order(100_000 + 97 * n)))
					.toList();
				probe.publish(orders);

				// Then each has a status within a bounded time, every one of the 12
				// members processed its share, and the group is a share group to the
				// Admin API
				await().atMost(Duration.ofSeconds(60))
					.until(() -> statusesByOrder(probe).keySet().containsAll(ids(orders)));
				List<OrderStatus> statuses = probe
					.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
					.stream()
					.map(ConsumerRecord::value)
					.toList();
				Map<String, Long> byMember = statuses.stream()
					.collect(Collectors.groupingBy(OrderStatus::processedBy, Collectors.counting()));
				logger.info("Orders processed by each member: {}", byMember);
				assertThat(byMember).containsOnlyKeys(group.partitionsByMember().keySet())
					.allSatisfy((member, count) -> assertThat(count).as(member).isGreaterThanOrEqualTo(20));
				assertThat(probe.groups().listedType(SHARE_GROUP)).contains(GroupType.SHARE);

				// And per-key order is not kept: some customer's later order was
				// processed before an earlier one, by another member
				List<String> overtaken = overtakenOrders(statuses);
				logger.info("{} orders processed after a later order of their customer, e.g. {}", overtaken.size(),
						overtaken.stream().limit(3).toList());
				assertThat(overtaken).isNotEmpty();
			}
		}
	}

	@Test
	void shouldDeadLetterAndRejectRecordsThatCanNeverBeProcessedOnce() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given a share member
			probe.createTopic(Topics.ORDERS, 6);
			try (RunningService processor = RunningService.orderProcessor(kafka, "order-processor-1", SHARE)) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> probe.groups().shareGroup(SHARE_GROUP, Topics.ORDERS).ownerByPartition().size() == 6);

				// When a record that is not JSON, one keyed by another customer and
				// valid orders arrive
				probe.publishRaw(Topics.ORDERS, "customer-1", "{not json".getBytes(StandardCharsets.UTF_8));
				byte[] order = Topics.orderSerde().serializer().serialize(Topics.ORDERS, OrderFixtures.order(7));
				probe.publishRaw(Topics.ORDERS, "customer-8", order);
				List<Order> orders = IntStream.range(100, 140).mapToObj(OrderFixtures::order).toList();
				probe.publish(orders);

				// Then each valid order has one status, and the two bad records one dead
				// letter each, with its cause; longer than a record lock lasts, there are
				// no more: they were rejected, not released for another delivery (up to
				// group.share.delivery.count.limit, 5, each)
				await().atMost(Duration.ofSeconds(60))
					.until(() -> statusesByOrder(probe).keySet().containsAll(ids(orders)));
				await().during(Duration.ofSeconds(7))
					.atMost(Duration.ofSeconds(30))
					.until(() -> probe.readCommitted(Topics.ORDERS_DLT, new ByteArrayDeserializer()).size() == 2);
				logger.info("Share group start offsets {}", probe.groups().shareOffsets(SHARE_GROUP, Topics.ORDERS));
				assertThat(statusesByOrder(probe)).containsOnlyKeys(ids(orders))
					.allSatisfy((orderId, statuses) -> assertThat(statuses).hasSize(1));
				List<ConsumerRecord<String, byte[]>> deadLetters = probe.readCommitted(Topics.ORDERS_DLT,
						new ByteArrayDeserializer());
				assertThat(deadLetters).hasSize(2)
					.allSatisfy(
							(deadLetter) -> assertThat(deadLetter.headers().lastHeader(DeadLetters.ROOT_CAUSE_HEADER))
								.isNotNull())
					.extracting((deadLetter) -> new String(
							deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC).value(),
							StandardCharsets.UTF_8))
					.containsOnly(Topics.ORDERS);
			}
		}
	}

	static Map<Integer, Long> membersPerPartition(GroupAssignment group) {
		return group.partitionsByMember()
			.values()
			.stream()
			.flatMap(List::stream)
			.collect(Collectors.groupingBy((partition) -> partition, Collectors.counting()));
	}

	/**
	 * The orders whose status was written after that of a later order of the same
	 * customer (same partition, higher offset).
	 */
	static List<String> overtakenOrders(List<OrderStatus> statuses) {
		Map<String, List<OrderStatus>> byCustomer = statuses.stream()
			.collect(Collectors.groupingBy(OrderStatus::customerId));
		return byCustomer.values().stream().flatMap((ofCustomer) -> {
			List<OrderStatus> byOffset = ofCustomer.stream()
				.sorted(Comparator.comparingLong(OrderStatus::offset))
				.toList();
			return IntStream.range(0, byOffset.size() - 1)
				.filter((i) -> byOffset.get(i).processedAt().isAfter(byOffset.get(i + 1).processedAt()))
				.mapToObj((i) -> byOffset.get(i).orderId() + " (" + byOffset.get(i).processedBy() + ") after "
						+ byOffset.get(i + 1).orderId() + " (" + byOffset.get(i + 1).processedBy() + ")");
		}).toList();
	}

	static Map<String, List<OrderStatus>> statusesByOrder(KafkaProbe probe) {
		return probe.readCommitted(Topics.ORDER_STATUS, Topics.orderStatusSerde().deserializer())
			.stream()
			.map(ConsumerRecord::value)
			.collect(Collectors.groupingBy(OrderStatus::orderId));
	}

	static List<String> ids(List<Order> orders) {
		return orders.stream().map(Order::orderId).toList();
	}

}
