package io.consumergroups.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.RunningService;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's four scaling scenarios on a real broker, under both group protocols: 6
 * partitions over 1, 2, 6 and 8 members give {6}, {3, 3}, {1 each} and 6 busy + 2 idle.
 * In every stable state each partition has exactly one owner.
 */
class ScalingScenariosIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNode();

	@BeforeAll
	static void createOrders() {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			probe.createTopic(Topics.ORDERS, 6);
		}
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldSpreadSixPartitionsOverOneTwoSixAndEightMembers(String protocol) {
		String group = "order-processors-" + protocol;
		List<RunningService> members = new ArrayList<>();
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given one member, When it is alone, Then it owns all 6
			scaleTo(members, 1, protocol, group);
			assertThat(awaitSizes(probe, group, 1)).containsExactly(6);

			// When a second joins, Then 3 each
			scaleTo(members, 2, protocol, group);
			assertThat(awaitSizes(probe, group, 2)).containsExactly(3, 3);

			// When there are 6, Then 1 each (the optimum)
			scaleTo(members, 6, protocol, group);
			assertThat(awaitSizes(probe, group, 6)).containsExactly(1, 1, 1, 1, 1, 1);

			// When there are 8, Then 6 busy and 2 idle: a topic keeps no more members
			// busy than it has partitions
			scaleTo(members, 8, protocol, group);
			assertThat(awaitSizes(probe, group, 8)).containsExactly(1, 1, 1, 1, 1, 1, 0, 0);

			// And the coordinator ran the group under the protocol the members asked for
			assertThat(probe.groups().consumerGroup(group, Topics.ORDERS).type()).isEqualTo(GroupType.parse(protocol));
		}
		finally {
			members.forEach(RunningService::close);
		}
	}

	@Test
	void shouldGiveEachConsumerOfAReplicaItsOwnStableInstanceId() {
		// Given one replica with three consumer threads
		try (KafkaProbe probe = new KafkaProbe(kafka);
				RunningService replica = RunningService.orderProcessor(kafka, "order-processor-1",
						"spring.kafka.listener.concurrency=3",
						"spring.kafka.consumer.group-id=order-processors-threads")) {
			// When the group is stable
			GroupAssignment group = await().atMost(Duration.ofSeconds(60))
				.until(() -> probe.groups().consumerGroup("order-processors-threads", Topics.ORDERS),
						(described) -> described.state() == GroupState.STABLE
								&& described.partitionsByMember().size() == 3 && ownedOnceEach(described));

			// Then each consumer is a static member of its own, named after the replica
			assertThat(group.partitionsByMember()).containsOnlyKeys("order-processor-1-0", "order-processor-1-1",
					"order-processor-1-2");
		}
	}

	private static void scaleTo(List<RunningService> members, int count, String protocol, String group) {
		IntStream.range(members.size(), count)
			.mapToObj((i) -> RunningService.orderProcessor(kafka, "order-processor-" + (i + 1),
					"orders.processor.group.protocol=" + protocol, "spring.kafka.consumer.group-id=" + group))
			.forEach(members::add);
	}

	/**
	 * Wait for a stable group of {@code members} members in which every partition has
	 * exactly one owner.
	 * @return the number of partitions of each member, largest first
	 */
	private static List<Integer> awaitSizes(KafkaProbe probe, String group, int members) {
		GroupAssignment stable = await().atMost(Duration.ofSeconds(60))
			.until(() -> probe.groups().consumerGroup(group, Topics.ORDERS),
					(described) -> described.state() == GroupState.STABLE
							&& described.partitionsByMember().size() == members && ownedOnceEach(described));
		return stable.partitionsByMember()
			.values()
			.stream()
			.map(Collection::size)
			.sorted((a, b) -> Integer.compare(b, a))
			.toList();
	}

	private static boolean ownedOnceEach(GroupAssignment group) {
		List<Integer> owned = group.partitionsByMember().values().stream().flatMap(List::stream).sorted().toList();
		return owned.equals(List.of(0, 1, 2, 3, 4, 5));
	}

}
