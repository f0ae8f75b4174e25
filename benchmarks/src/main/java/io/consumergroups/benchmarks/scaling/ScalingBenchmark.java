package io.consumergroups.benchmarks.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.consumergroups.benchmarks.harness.BenchOrders;
import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.ConsumptionRate;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P2: the scaling curve of the group. 6 partitions, 5 ms of I/O-bound work per order
 * ({@code orders.processor.simulated-work=5ms}), 1, 2, 3, 6 and 8 replicas, each its own
 * JVM, reading the pre-filled backlog. Replicas are added to one running group, so each
 * step is a real scale-out; each is measured once the group is stable again. Efficiency
 * is {@code throughput(k) / (k × throughput(1))}; past 6 replicas, partitions run out and
 * the extra replicas idle.
 * <p>
 * Then the same topic, the same backlog from its start and the same work per order in a
 * share group (KIP-932, {@code orders.processor.group.type=share}) of 6, 12 and 18
 * members: replicas of 6 members each ({@code spring.kafka.listener.concurrency=6}),
 * added to one running group. A share group commits no offsets; its progress is the
 * statuses its members published, read as a downstream consumer reads them, and the same
 * statuses say how many orders were processed after a later order of their customer
 * ({@link OvertakenOrders}).
 * <p>
 * This class scales the groups out and measures them; {@link ScalingReport} writes what
 * they measured.
 */
public final class ScalingBenchmark {

	static final List<Integer> REPLICAS = List.of(1, 2, 3, 6, 8);

	static final int PARTITIONS = 6;

	static final int MEMBERS_PER_SHARE_REPLICA = 6;

	private static final Logger logger = LoggerFactory.getLogger(ScalingBenchmark.class);

	private static final Duration WORK = Duration.ofMillis(5);

	private static final Duration STABLE_TIMEOUT = Duration.ofMinutes(3);

	private static final List<Integer> SHARE_MEMBERS = List.of(6, 12, 18);

	private static final String SHARE_GROUP = "bench-p2-share";

	private final TestBed bed;

	private final ClusterProbe probe;

	private final RunSettings settings;

	public ScalingBenchmark(TestBed bed, ClusterProbe probe, RunSettings settings) {
		this.bed = bed;
		this.probe = probe;
		this.settings = settings;
	}

	/**
	 * Run P2 on {@code orders}, which holds {@link RunSettings#backlog()} orders.
	 * @return the section of the report
	 */
	public Section run() {
		String group = "bench-p2";
		// Dynamic members: the group is only ever scaled out here, and a dynamic member
		// that stops leaves at once instead of holding its partitions for a session
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership(group, "classic", "cooperative-sticky",
				false, Duration.ofSeconds(10));
		List<ProcessorReplica> replicas = new ArrayList<>();
		List<Samples> throughput = new ArrayList<>();
		long idleAtMost = -1;
		try {
			for (int count : REPLICAS) {
				List<ProcessorReplica> added = new ArrayList<>();
				while (replicas.size() + added.size() < count) {
					added.add(ProcessorReplica.create(this.bed, "p2-replica-" + (replicas.size() + added.size() + 1),
							membership, WORK));
				}
				added.forEach(ProcessorReplica::start);
				replicas.addAll(added);
				this.probe.awaitGroup(group, Topics.ORDERS, (g) -> g.isStableWith(count, PARTITIONS), STABLE_TIMEOUT,
						replicas);
				long backlog = this.settings.backlog() - this.probe.groups().committedTotal(group, Topics.ORDERS);
				Samples rates = ConsumptionRate.measure(this.probe.groups(), group, backlog, this.settings.warmUp(),
						this.settings.window(), this.settings.repeat(),
						() -> replicas.forEach(ProcessorReplica::requireAlive));
				GroupAssignment after = this.probe.groups().consumerGroup(group, Topics.ORDERS);
				idleAtMost = after.idleMembers();
				logger.info("P2 {} replica(s): {} orders/s, {} idle", count, rates, idleAtMost);
				throughput.add(rates);
			}
		}
		finally {
			ProcessorReplica.stopAll(replicas);
		}
		List<ShareStep> share = new ArrayList<>();
		String shareFailure = null;
		try {
			runShareGroup(share);
		}
		catch (RuntimeException ex) {
			// The consumer group's curve, and the share group's steps measured before,
			// stand on their own
			logger.error("P2's share group failed", ex);
			shareFailure = "Share group: the step after " + share.size() + " measured failed: " + ex;
		}
		return new ScalingReport(this.settings).section(throughput, idleAtMost, share, shareFailure);
	}

	/**
	 * Scale the share group out step by step, adding each step measured to {@code steps}.
	 */
	private void runShareGroup(List<ShareStep> steps) {
		ProcessorReplica.Membership membership = new ProcessorReplica.Membership(SHARE_GROUP, "classic",
				"cooperative-sticky", false, Duration.ofSeconds(10));
		List<String> shareMode = List.of("orders.processor.group.type=share",
				"orders.processor.group.share-group-id=" + SHARE_GROUP,
				"spring.kafka.listener.concurrency=" + MEMBERS_PER_SHARE_REPLICA);
		List<ProcessorReplica> replicas = new ArrayList<>();
		long published = this.settings.backlog();
		// From before the first member: every status the share group publishes is counted
		try (StatusRecorder statuses = StatusRecorder.start(this.bed.bootstrapServers())) {
			for (int members : SHARE_MEMBERS) {
				while (replicas.size() * MEMBERS_PER_SHARE_REPLICA < members) {
					replicas.add(ProcessorReplica
						.create(this.bed, "p2-share-" + (replicas.size() + 1), membership, WORK, false, shareMode)
						.start());
				}
				this.probe.awaitShareGroup(SHARE_GROUP, Topics.ORDERS, (g) -> g.isStableWith(members, PARTITIONS),
						STABLE_TIMEOUT, replicas);
				int from = statuses.count();
				long enough = ordersEnoughFor(members);
				if (published - from < enough) {
					// A short run's backlog is gone by now: the share group read it
					// from its start, as the consumer group did
					logger.info("P2: adding {} orders for the share group of {}", enough, members);
					BenchOrders.backfill(this.bed.clientSettings(), "p2-share-" + members + "-",
							Math.toIntExact(enough));
					published += enough;
				}
				Samples rates = ConsumptionRate.measure(SHARE_GROUP, statuses::count, published - from,
						this.settings.warmUp(), this.settings.window(), this.settings.repeat(),
						() -> replicas.forEach(ProcessorReplica::requireAlive));
				List<StatusRecorder.ObservedStatus> observed = statuses.observed();
				List<OrderStatus> step = observed.subList(from, observed.size())
					.stream()
					.map(StatusRecorder.ObservedStatus::status)
					.toList();
				long overtaken = OvertakenOrders.count(step);
				long redelivered = step.stream()
					.filter((status) -> status.deliveryCount() != null && status.deliveryCount() > 1)
					.count();
				logger.info("P2 share group of {}: {} orders/s; {} of {} statuses overtaken, {} of later deliveries",
						members, rates, overtaken, step.size(), redelivered);
				steps.add(new ShareStep(members, rates, step.size(), overtaken, redelivered));
			}
		}
		finally {
			ProcessorReplica.stopAll(replicas);
		}
	}

	/**
	 * Twice what a share group of this size can process while one step is measured, each
	 * member doing one order per {@link #WORK} at best.
	 */
	private long ordersEnoughFor(int members) {
		Duration measured = this.settings.warmUp().plus(this.settings.window().multipliedBy(this.settings.repeat()));
		return 2 * members * measured.toMillis() / WORK.toMillis();
	}

}
