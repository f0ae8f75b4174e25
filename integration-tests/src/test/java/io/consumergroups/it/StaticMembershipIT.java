package io.consumergroups.it;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.SteadyOrders;
import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.it.support.KafkaProbe;
import io.consumergroups.it.support.ServiceProcesses;
import io.consumergroups.it.support.TestKafka;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.client.RestClient;

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
		try (Replicas replicas = Replicas.start(protocol, true);
				SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 100, 0)) {
			// Given two static members, and orders flowing
			Map<String, List<Integer>> before = replicas.awaitStable().partitionsByMember();
			assertThat(replicas.probe().groups().consumerGroup(GROUP, Topics.ORDERS).type())
				.isEqualTo(GroupType.parse(protocol));

			try (AssignmentSamples samples = new AssignmentSamples(replicas.probe())) {
				// When one stops, Then it stays a member, holding its partitions for its
				// return
				replicas.second().stop();
				assertThat(replicas.probe().groups().consumerGroup(GROUP, Topics.ORDERS).partitionsByMember())
					.containsEntry("order-processor-2", before.get("order-processor-2"));

				// When it starts again, Then it has the same partitions
				replicas.second().start().awaitHealthy();
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(owned(replicas.second()))
						.isEqualTo(names(before.get("order-processor-2"))));
				assertThat(replicas.awaitStable().partitionsByMember()).isEqualTo(before);

				// And the other member owned the same partitions all along, as the
				// coordinator told at every moment of the restart
				assertThat(samples.of("order-processor-1")).as("order-processor-1's partitions, sampled")
					.hasSizeGreaterThan(10)
					.containsOnly(before.get("order-processor-1"));
			}
		}
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldRebalanceWhenADynamicMemberRestarts(String protocol) {
		try (Replicas replicas = Replicas.start(protocol, false);
				SteadyOrders orders = SteadyOrders.start(kafka.adminProperties(), 100, 0)) {
			// Given two dynamic members, and orders flowing
			replicas.awaitStable();
			assertThat(replicas.probe().groups().consumerGroup(GROUP, Topics.ORDERS).type())
				.isEqualTo(GroupType.parse(protocol));

			try (AssignmentSamples samples = new AssignmentSamples(replicas.probe())) {
				// When one stops, Then it leaves the group: its partitions go back to the
				// coordinator to be handed out again, a rebalance
				replicas.second().stop();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> replicas.probe().groups().consumerGroup(GROUP, Topics.ORDERS).partitionsByMember(),
							(members) -> !members.containsKey("order-processor-2"));

				// When it starts again, Then it joins as a new member, another rebalance
				replicas.second().start().awaitHealthy();
				replicas.awaitStable();

				// And the other member's assignment changed meanwhile: it took over all
				// six partitions while the restarted one was away
				assertThat(samples.of("order-processor-1")).as("order-processor-1's partitions, sampled")
					.contains(List.of(0, 1, 2, 3, 4, 5));
			}
		}
	}

	@ParameterizedTest(name = "group.protocol={0}")
	@ValueSource(strings = { "classic", "consumer" })
	void shouldTakeItsPartitionsBackWhenAStaticMemberRestartsAfterACrash(String protocol) {
		try (Replicas replicas = Replicas.start(protocol, true, "20s")) {
			// Given
			replicas.awaitStable();
			assertThat(replicas.probe().groups().consumerGroup(GROUP, Topics.ORDERS).type())
				.isEqualTo(GroupType.parse(protocol));

			// When it is killed and started again at once, within its session
			replicas.second().kill();
			replicas.second().start().awaitHealthy();

			// Then it gets partitions again and stays up: the classic coordinator
			// replaces the crashed member by the new one at once; the consumer protocol
			// refuses the id while the crashed run's session lasts, and the replica joins
			// again after it
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(owned(replicas.second())).hasSize(3));
			replicas.awaitStable();
			assertThat(replicas.second().isAlive()).isTrue();
			assertThat(replicas.second().output()).doesNotContain("this replica stops");
			if (protocol.equals("consumer")) {
				assertThat(replicas.second().output()).contains("The group refuses instance id order-processor-2")
					.contains("joining the group again");
			}
		}
	}

	/**
	 * Classic, cooperative-sticky, static members: a member that gives partitions up in
	 * the first round of a cooperative rebalance and comes back before the second round
	 * gets its stored assignment, and the second round never comes. The member here is a
	 * plain consumer in the test, so that it can be stopped exactly between the rounds:
	 * its revocation callback fails, it never polls again, and a new consumer with its
	 * instance id takes its place.
	 */
	@Test
	void shouldHandOutPartitionsLeftWithoutAnOwnerWhenAStaticMemberReturnsBetweenCooperativeRounds() {
		try (KafkaProbe probe = new KafkaProbe(kafka);
				JvmProcess replica = ServiceProcesses.orderProcessor(kafka, "order-processor-1",
						"orders.processor.group.unowned-check=2s")) {
			probe.createTopic(Topics.ORDERS, 6);
			// Given a static member that owns all partitions
			AtomicBoolean revoked = new AtomicBoolean();
			KafkaConsumer<String, String> first = staticMember();
			first.subscribe(List.of(Topics.ORDERS), new FailOnFirstRevocation(revoked));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				first.poll(Duration.ofMillis(100));
				return first.assignment().size() == 6;
			});

			// When a replica joins, and the member is gone between the two rounds
			replica.start().awaitHealthy();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				try {
					first.poll(Duration.ofMillis(100));
				}
				catch (KafkaException ex) {
					// the revocation callback failed: the rejoin of round two is not sent
				}
				return revoked.get();
			});
			first.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
			// and comes back as a new consumer with the same instance id, within its
			// session
			try (PollingMember returned = new PollingMember(staticMember())) {
				// Then the group is stable with partitions that no one owns...
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> probe.groups().consumerGroup(GROUP, Topics.ORDERS),
							(group) -> group.state() == GroupState.STABLE && group.partitionsByMember().size() == 2
									&& group.ownerByPartition().size() < 6);
				// ...until the replica notices and asks for a rebalance
				await().atMost(Duration.ofSeconds(30))
					.until(() -> probe.groups().consumerGroup(GROUP, Topics.ORDERS),
							(group) -> group.state() == GroupState.STABLE && group.ownerByPartition().size() == 6
									&& group.partitionsByMember().get("order-processor-1").size() == 3);
				assertThat(replica.output()).contains("Asking for a rebalance");
			}
		}
	}

	private static KafkaConsumer<String, String> staticMember() {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, GROUP, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "test-member",
				ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
				ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer());
	}

	@SuppressWarnings("unchecked")
	private static List<String> owned(JvmProcess replica) {
		return (List<String>) RestClient.create(replica.url())
			.get()
			.uri("/assignment")
			.retrieve()
			.body(Map.class)
			.get("partitions");
	}

	private static List<String> names(List<Integer> partitions) {
		return partitions.stream().map((partition) -> Topics.ORDERS + "-" + partition).toList();
	}

	/**
	 * Two replicas as processes, with a session timeout long enough for a JVM restart.
	 */
	private record Replicas(KafkaProbe probe, JvmProcess first, JvmProcess second) implements AutoCloseable {

		static Replicas start(String protocol, boolean staticMembership) {
			return start(protocol, staticMembership, "45s");
		}

		static Replicas start(String protocol, boolean staticMembership, String sessionTimeout) {
			KafkaProbe probe = new KafkaProbe(kafka);
			probe.createTopic(Topics.ORDERS, 6);
			String[] settings = { "orders.processor.group.protocol=" + protocol,
					"orders.processor.group.static-membership=" + staticMembership,
					"orders.processor.group.session-timeout=" + sessionTimeout };
			Replicas replicas = new Replicas(probe,
					ServiceProcesses.orderProcessor(kafka, "order-processor-1", settings),
					ServiceProcesses.orderProcessor(kafka, "order-processor-2", settings));
			replicas.first().start();
			replicas.second().start();
			replicas.first().awaitHealthy();
			replicas.second().awaitHealthy();
			return replicas;
		}

		GroupAssignment awaitStable() {
			return await().atMost(Duration.ofSeconds(90))
				.until(() -> this.probe.groups().consumerGroup(GROUP, Topics.ORDERS),
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

	/**
	 * The group as the coordinator describes it through the Admin API, every 50 ms on a
	 * thread of its own from creation to close: what each member owned at every moment in
	 * between, seen from outside the replicas.
	 */
	private static final class AssignmentSamples implements AutoCloseable {

		private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

		private final List<GroupAssignment> samples = new CopyOnWriteArrayList<>();

		private final ScheduledFuture<?> sampling;

		AssignmentSamples(KafkaProbe probe) {
			this.sampling = this.sampler.scheduleWithFixedDelay(
					() -> this.samples.add(probe.groups().consumerGroup(GROUP, Topics.ORDERS)), 0, 50,
					TimeUnit.MILLISECONDS);
		}

		/**
		 * The member's partitions in each sample, in order; null where it was not a
		 * member.
		 * @param member the member's instance id, else client id
		 * @return one entry per sample
		 * @throws IllegalStateException if a sample failed, which stopped the sampling
		 */
		List<List<Integer>> of(String member) {
			if (this.sampling.isDone()) {
				try {
					this.sampling.get();
				}
				catch (InterruptedException | ExecutionException | CancellationException ex) {
					throw new IllegalStateException("Sampling stopped after " + this.samples.size() + " samples", ex);
				}
			}
			return this.samples.stream().map((group) -> group.partitionsByMember().get(member)).toList();
		}

		@Override
		public void close() {
			this.sampler.shutdownNow();
		}

	}

	/**
	 * Fails the first revocation it is told of, as a member that dies while giving
	 * partitions up.
	 */
	private record FailOnFirstRevocation(AtomicBoolean revoked) implements ConsumerRebalanceListener {

		@Override
		public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
			if (!partitions.isEmpty() && this.revoked.compareAndSet(false, true)) {
				throw new IllegalStateException("gone between the two rounds");
			}
		}

		@Override
		public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		}

	}

	/**
	 * A consumer polled on its own thread, so that it takes part in rebalances, until
	 * closed.
	 */
	private static final class PollingMember implements AutoCloseable {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		PollingMember(KafkaConsumer<String, String> consumer) {
			this.thread = new Thread(() -> {
				try (consumer) {
					consumer.subscribe(List.of(Topics.ORDERS));
					while (this.running.get()) {
						consumer.poll(Duration.ofMillis(100));
					}
				}
			}, "returned-member");
			this.thread.start();
		}

		@Override
		public void close() {
			this.running.set(false);
			try {
				this.thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
