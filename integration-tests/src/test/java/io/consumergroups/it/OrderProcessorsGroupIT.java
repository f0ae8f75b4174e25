package io.consumergroups.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.OrderFixtures;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's promise on a real broker, under both group protocols: the members of one
 * group share the partitions, and each order is processed by exactly one member.
 */
class OrderProcessorsGroupIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final String GROUP = "order-processors";

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldGiveEachOfTwoMembersThreePartitionsAndProcessEveryOrderExactlyOnce(String protocol) {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given
			probe.createTopic(Topics.ORDERS, 6);
			String groupProtocol = "orders.processor.group.protocol=" + protocol;
			try (RunningService first = RunningService.orderProcessor(kafka, "order-processor-1", groupProtocol);
					RunningService second = RunningService.orderProcessor(kafka, "order-processor-2", groupProtocol)) {
				GroupAssignment group = await().atMost(Duration.ofSeconds(60))
					.until(() -> probe.groups().consumerGroup(GROUP, Topics.ORDERS),
							OrderProcessorsGroupIT::isStableWithThreeEach);
				assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).type())
					.isEqualTo(GroupType.parse(protocol));
				Map<String, List<Integer>> owned = group.partitionsByMember();
				assertThat(owned).containsOnlyKeys("order-processor-1", "order-processor-2");
				assertThat(owned.values()).allSatisfy((partitions) -> assertThat(partitions).hasSize(3));
				assertThat(owned.values().stream().flatMap(List::stream)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
				await().untilAsserted(() -> {
					assertThat(ownedAccordingTo(first)).isEqualTo(partitionNames(owned.get("order-processor-1")));
					assertThat(ownedAccordingTo(second)).isEqualTo(partitionNames(owned.get("order-processor-2")));
				});

				// When
				List<Order> orders = IntStream.range(0, 1_000).mapToObj(OrderFixtures::order).toList();
				List<RecordMetadata> landed = probe.publish(orders);
				await().atMost(Duration.ofSeconds(90))
					.until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);

				// Then
				List<ConsumerRecord<String, OrderStatus>> statuses = probe.readCommitted(Topics.ORDER_STATUS,
						Topics.orderStatusSerde().deserializer());
				assertThat(statuses).hasSize(orders.size());
				Map<String, OrderStatus> byOrder = statuses.stream()
					.map(ConsumerRecord::value)
					.collect(Collectors.toMap(OrderStatus::orderId, Function.identity()));
				assertThat(byOrder).hasSize(orders.size());
				Map<Integer, String> owners = group.ownerByPartition();
				Set<String> processors = new HashSet<>();
				for (int i = 0; i < orders.size(); i++) {
					OrderStatus status = byOrder.get(orders.get(i).orderId());
					assertThat(status.status()).isEqualTo(OrderStatus.Status.ACCEPTED);
					assertThat(status.partition()).isEqualTo(landed.get(i).partition());
					assertThat(status.offset()).isEqualTo(landed.get(i).offset());
					assertThat(status.processedBy()).isEqualTo(owners.get(status.partition()));
					processors.add(status.processedBy());
				}
				assertThat(processors).containsExactlyInAnyOrder("order-processor-1", "order-processor-2");
			}
		}
	}

	private static boolean isStableWithThreeEach(GroupAssignment group) {
		return group.state() == GroupState.STABLE && group.partitionsByMember().size() == 2
				&& group.partitionsByMember().values().stream().allMatch((partitions) -> partitions.size() == 3);
	}

	@SuppressWarnings("unchecked")
	private static List<String> ownedAccordingTo(RunningService processor) {
		Map<String, Object> assignment = processor.http().get().uri("/assignment").retrieve().body(Map.class);
		return (List<String>) assignment.get("partitions");
	}

	private static List<String> partitionNames(List<Integer> partitions) {
		return partitions.stream().map((partition) -> Topics.ORDERS + "-" + partition).toList();
	}

}
