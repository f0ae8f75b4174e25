package io.consumergroups.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replicas as separate processes, under load: a fourth joins, then one is killed with
 * SIGKILL. The survivors take its partitions within the session timeout plus a few
 * seconds, and every order published is processed exactly once.
 */
class FailoverIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

	private static final String GROUP = "order-processors";

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldScaleThreeToFourToThreeUnderLoadAndLoseNoOrderWhenAMemberIsKilled(String protocol) {
		try (KafkaProbe probe = new KafkaProbe(kafka)) {
			// Given three replicas and orders flowing
			probe.createTopic(Topics.ORDERS, 6);
			List<JvmProcess> replicas = IntStream.rangeClosed(1, 4)
				.mapToObj((i) -> ServiceProcesses.orderProcessor(kafka, "order-processor-" + i,
						"orders.processor.group.protocol=" + protocol,
						"orders.processor.group.session-timeout=" + SESSION_TIMEOUT.toSeconds() + "s"))
				.toList();
			try (SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 100, 0)) {
				replicas.subList(0, 3).forEach(JvmProcess::start);
				replicas.subList(0, 3).forEach(JvmProcess::awaitHealthy);
				awaitStable(probe, 3, SESSION_TIMEOUT.multipliedBy(6));
				assertThat(probe.groups().consumerGroup(GROUP, Topics.ORDERS).type())
					.isEqualTo(GroupType.parse(protocol));

				// When a fourth joins
				replicas.get(3).start().awaitHealthy();
				GroupAssignment four = awaitStable(probe, 4, SESSION_TIMEOUT.multipliedBy(6));

				// And one is killed
				List<Integer> orphaned = four.partitionsByMember().get("order-processor-2");
				long killedAt = System.nanoTime();
				replicas.get(1).kill();
				GroupAssignment three = awaitStable(probe, 3, SESSION_TIMEOUT.multipliedBy(3));
				Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
				List<String> published = orders.settle();

				// Then the survivors own its partitions within the session timeout and
				// a few seconds
				assertThat(three.partitionsByMember()).doesNotContainKey("order-processor-2");
				assertThat(three.ownerByPartition()).containsKeys(orphaned.toArray(Integer[]::new));
				assertThat(takeover).isLessThan(SESSION_TIMEOUT.plusSeconds(10));

				// And every order published is processed, once
				await().atMost(Duration.ofSeconds(60))
					.until(() -> probe.groups().lag(GROUP, Topics.ORDERS).total() == 0);
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(statusesByOrder(probe).keySet())
						.containsExactlyInAnyOrderElementsOf(published));
				assertThat(statusesByOrder(probe).values()).allSatisfy((count) -> assertThat(count).isEqualTo(1));
			}
			finally {
				replicas.forEach(JvmProcess::close);
			}
		}
	}

	private static GroupAssignment awaitStable(KafkaProbe probe, int members, Duration atMost) {
		return await().atMost(atMost)
			.until(() -> probe.groups().consumerGroup(GROUP, Topics.ORDERS),
					(group) -> group.state() == GroupState.STABLE && group.partitionsByMember().size() == members
							&& group.ownerByPartition().size() == 6
							&& group.partitionsByMember().values().stream().mapToInt(List::size).sum() == 6);
	}

	private static Map<String, Long> statusesByOrder(KafkaProbe probe) {
		List<ConsumerRecord<String, OrderStatus>> statuses = probe.readCommitted(Topics.ORDER_STATUS,
				Topics.orderStatusSerde().deserializer());
		return statuses.stream()
			.collect(Collectors.groupingBy((record) -> record.value().orderId(), Collectors.counting()));
	}

}
