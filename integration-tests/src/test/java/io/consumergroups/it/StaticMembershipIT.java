package io.consumergroups.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Topics;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcess;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Static membership: a replica that restarts within the session timeout comes back as the
 * same member and gets its partitions back, and the other members never notice. The same
 * restart of a dynamic member takes it out of the group and back in: two rebalances.
 */
class StaticMembershipIT {

	@RegisterExtension
	static final TestKafka kafka = TestKafka.singleNodePerTest();

	private static final String GROUP = "order-processors";

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldRestartAStaticMemberWithoutMovingAnyPartition(String protocol) {
		try (Replicas replicas = Replicas.start(protocol, true)) {
			// Given
			Map<String, List<Integer>> before = replicas.awaitStable().partitionsByMember();
			long othersRevocations = revocations(replicas.first());

			// When it stops, Then it stays a member, holding its partitions for its
			// return
			replicas.second().stop();
			assertThat(replicas.probe().describeGroup(GROUP).partitionsByMember()).containsEntry("order-processor-2",
					before.get("order-processor-2"));

			// When it starts again, Then it has the same partitions and no one else
			// noticed
			replicas.second().start().awaitHealthy();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(owned(replicas.second())).isEqualTo(names(before.get("order-processor-2"))));
			assertThat(replicas.awaitStable().partitionsByMember()).isEqualTo(before);
			assertThat(revocations(replicas.first())).as("revocations seen by order-processor-1")
				.isEqualTo(othersRevocations);
		}
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldRebalanceWhenADynamicMemberRestarts(String protocol) {
		try (Replicas replicas = Replicas.start(protocol, false)) {
			// Given
			replicas.awaitStable();

			// When it stops, Then it leaves the group: its partitions go back to the
			// coordinator to be handed out again, a rebalance
			replicas.second().stop();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> replicas.probe().describeGroup(GROUP).partitionsByMember(),
						(members) -> !members.containsKey("order-processor-2"));

			// When it starts again, Then it joins as a new member, another rebalance
			replicas.second().start().awaitHealthy();
			replicas.awaitStable();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> owned(ServiceProcess replica) {
		return (List<String>) replica.http().get().uri("/assignment").retrieve().body(Map.class).get("partitions");
	}

	/**
	 * How often a replica has given up partitions. A rebalance that moves nothing away
	 * from it (the cooperative protocols may still call it, with nothing to revoke) does
	 * not count.
	 */
	@SuppressWarnings("unchecked")
	private static long revocations(ServiceProcess replica) {
		Map<String, Number> totals = (Map<String, Number>) replica.http()
			.get()
			.uri("/assignment")
			.retrieve()
			.body(Map.class)
			.get("totals");
		return totals.get("revoked").longValue() + totals.get("lost").longValue();
	}

	private static List<String> names(List<Integer> partitions) {
		return partitions.stream().map((partition) -> Topics.ORDERS + "-" + partition).toList();
	}

	/**
	 * Two replicas as processes, with a session timeout long enough for a JVM restart.
	 */
	private record Replicas(KafkaProbe probe, ServiceProcess first, ServiceProcess second) implements AutoCloseable {

		static Replicas start(String protocol, boolean staticMembership) {
			KafkaProbe probe = new KafkaProbe(kafka);
			probe.createTopic(Topics.ORDERS, 6);
			String[] settings = { "orders.processor.group.protocol=" + protocol,
					"orders.processor.group.static-membership=" + staticMembership,
					"orders.processor.group.session-timeout=45s" };
			Replicas replicas = new Replicas(probe, ServiceProcess.orderProcessor(kafka, "order-processor-1", settings),
					ServiceProcess.orderProcessor(kafka, "order-processor-2", settings));
			replicas.first().start();
			replicas.second().start();
			replicas.first().awaitHealthy();
			replicas.second().awaitHealthy();
			return replicas;
		}

		KafkaProbe.Group awaitStable() {
			return await().atMost(Duration.ofSeconds(90))
				.until(() -> this.probe.describeGroup(GROUP),
						(group) -> group.state() == GroupState.STABLE && group.partitionsByMember().size() == 2
								&& group.partitionsByMember().values().stream().allMatch((owned) -> owned.size() == 3));
		}

		@Override
		public void close() {
			this.first.close();
			this.second.close();
			this.probe.close();
		}

	}

}
