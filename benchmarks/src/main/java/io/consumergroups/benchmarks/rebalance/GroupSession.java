package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.Pause;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.orders.OrderSeries;
import io.consumergroups.harness.orders.SteadyOrders;

/**
 * Three replicas of order-processor in a new group under steady load, with a recorder of
 * every status they publish: the stage on which members join, restart or crash. The
 * orders' customers take the partitions in turn, so that each partition's orders arrive
 * evenly spaced: how finely a stall can be seen depends on it ({@link ProcessingGaps}).
 */
final class GroupSession implements AutoCloseable {

	static final int PARTITIONS = 6;

	/** Every partition of {@code orders}, in order. */
	static final List<Integer> ALL_PARTITIONS = IntStream.range(0, PARTITIONS).boxed().toList();

	private static final Duration STABLE_TIMEOUT = Duration.ofMinutes(3);

	private final TestBed bed;

	private final ClusterProbe probe;

	private final String name;

	private final ProcessorReplica.Membership membership;

	private final List<String> properties;

	private final List<ProcessorReplica> replicas = new ArrayList<>();

	private StatusRecorder recorder;

	private SteadyOrders load;

	private GroupSession(TestBed bed, ClusterProbe probe, String name, ProcessorReplica.Membership membership,
			List<String> properties) {
		this.bed = bed;
		this.probe = probe;
		this.name = name;
		this.membership = membership;
		this.properties = List.copyOf(properties);
	}

	/**
	 * Start the load, three static replicas, and wait until every partition is processed.
	 * @param bed the cluster
	 * @param probe the cluster's Admin view
	 * @param name the session's name: group id and instance ids derive from it
	 * @param protocol the group protocol
	 * @param assignor the classic assignor
	 * @param sessionTimeout the session timeout
	 * @param perSecond the load
	 * @return the running session
	 */
	static GroupSession open(TestBed bed, ClusterProbe probe, String name, String protocol, String assignor,
			Duration sessionTimeout, int perSecond) {
		return open(bed, probe, name, protocol, assignor, sessionTimeout, perSecond, List.of());
	}

	/**
	 * Start the load, three static replicas with more settings, and wait until every
	 * partition is processed.
	 * @param bed the cluster
	 * @param probe the cluster's Admin view
	 * @param name the session's name: group id and instance ids derive from it
	 * @param protocol the group protocol
	 * @param assignor the classic assignor
	 * @param sessionTimeout the session timeout
	 * @param perSecond the load
	 * @param properties more properties of every replica, {@code name=value}
	 * @return the running session
	 */
	static GroupSession open(TestBed bed, ClusterProbe probe, String name, String protocol, String assignor,
			Duration sessionTimeout, int perSecond, List<String> properties) {
		GroupSession session = new GroupSession(bed, probe, name,
				new ProcessorReplica.Membership("bench-" + name, protocol, assignor, true, sessionTimeout), properties);
		try {
			session.start(perSecond);
			return session;
		}
		catch (RuntimeException ex) {
			session.close();
			throw ex;
		}
	}

	private void start(int perSecond) {
		// A new group reads from the earliest offset: make that "now"
		this.probe.truncate(Topics.ORDERS);
		this.probe.createTopic(Topics.ORDER_STATUS, PARTITIONS);
		this.recorder = StatusRecorder.start(this.bed.bootstrapServers());
		for (int i = 1; i <= 3; i++) {
			this.replicas.add(newReplica("m" + i, true));
		}
		this.replicas.forEach(ProcessorReplica::start);
		awaitStable(3);
		// Load only now: orders queued while the replicas started would be a backlog, and
		// a group working off a backlog polls full batches, which slows every rebalance
		this.load = SteadyOrders.to(this.bed.clientSettings())
			.perSecond(perSecond)
			.orders(OrderSeries.stampedRoundThePartitions(this.name + "-", PARTITIONS))
			.recordSendTimes()
			.start();
		long loadMicros = StatusRecorder.epochMicros(Instant.now());
		if (!this.recorder.await((statuses) -> caughtUp(statuses, loadMicros), Duration.ofMinutes(2))) {
			throw new IllegalStateException(
					"Session " + this.name + ": the group does not keep up with " + perSecond + " orders/s");
		}
		Pause.of(Duration.ofSeconds(2));
	}

	/**
	 * Every partition has processed an order sent after the load started within a second
	 * of its sending: no backlog left anywhere.
	 */
	private boolean caughtUp(List<StatusRecorder.ObservedStatus> statuses, long loadMicros) {
		Map<String, Instant> sentAt = this.load.sentAt();
		Set<Integer> current = new HashSet<>();
		for (StatusRecorder.ObservedStatus observed : statuses) {
			Instant sent = sentAt.get(observed.status().orderId());
			long sentMicros = (sent != null) ? StatusRecorder.epochMicros(sent) : Long.MIN_VALUE;
			if (sentMicros > loadMicros + 1_000_000 && observed.processedAtMicros() - sentMicros < 1_000_000) {
				current.add(observed.status().partition());
			}
		}
		return current.size() == PARTITIONS;
	}

	/**
	 * Wait until the group is stable with this many members, every partition assigned and
	 * no member idle.
	 * @param members how many
	 * @return the stable group
	 */
	GroupAssignment awaitStable(int members) {
		return this.probe.awaitGroup(this.membership.groupId(), Topics.ORDERS,
				(group) -> group.isStableWith(members, PARTITIONS) && group.idleMembers() == 0, STABLE_TIMEOUT,
				this.replicas.stream().filter(ProcessorReplica::isAlive).toList());
	}

	GroupAssignment describe() {
		return this.probe.groups().consumerGroup(this.membership.groupId(), Topics.ORDERS);
	}

	/**
	 * Orders the group has not committed yet, from the cluster.
	 * @return the lag over all partitions
	 */
	long lag() {
		return this.probe.groups().lag(this.membership.groupId(), Topics.ORDERS).total();
	}

	/**
	 * Publish at another rate from now on.
	 * @param perSecond orders per second
	 */
	void rate(int perSecond) {
		this.load.rate(perSecond);
	}

	int rate() {
		return (int) this.load.rate();
	}

	/**
	 * A replica of this session's group that is not started yet.
	 * @param suffix its name within the session
	 * @param isStatic whether it joins with a {@code group.instance.id}
	 * @return the replica
	 */
	ProcessorReplica newReplica(String suffix, boolean isStatic) {
		return newReplica(suffix, isStatic, List.of());
	}

	/**
	 * A replica of this session's group that is not started yet, with more settings.
	 * @param suffix its name within the session
	 * @param isStatic whether it joins with a {@code group.instance.id}
	 * @param properties more properties, {@code name=value}
	 * @return the replica
	 */
	ProcessorReplica newReplica(String suffix, boolean isStatic, List<String> properties) {
		List<String> all = new ArrayList<>(this.properties);
		all.addAll(properties);
		// C1 only: these scenarios time the group, not the replicas' code, and a replica
		// that starts in seconds keeps the run short
		return ProcessorReplica.create(this.bed, this.name + "-" + suffix,
				this.membership.withStaticMembership(isStatic), Duration.ZERO, true, all);
	}

	/**
	 * What the recorded statuses say so far.
	 * @return the gaps analysis over every status seen
	 */
	ProcessingGaps gaps() {
		return gaps(this.recorder.observed());
	}

	ProcessingGaps gaps(List<StatusRecorder.ObservedStatus> statuses) {
		return new ProcessingGaps(statuses, this.load.sentAt());
	}

	StatusRecorder recorder() {
		return this.recorder;
	}

	List<ProcessorReplica> replicas() {
		return this.replicas;
	}

	ProcessorReplica.Membership membership() {
		return this.membership;
	}

	@Override
	public void close() {
		ProcessorReplica.stopAll(this.replicas);
		if (this.load != null) {
			this.load.close();
		}
		if (this.recorder != null) {
			this.recorder.close();
		}
	}

}
