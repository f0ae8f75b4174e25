package io.consumergroups.benchmarks.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.consumergroups.benchmarks.harness.BenchOrders;
import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.ConsumptionRate;
import io.consumergroups.benchmarks.harness.AssignmentSnapshot;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
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
 */
public final class ScalingBenchmark {

	static final List<Integer> REPLICAS = List.of(1, 2, 3, 6, 8);

	private static final Logger logger = LoggerFactory.getLogger(ScalingBenchmark.class);

	private static final Duration WORK = Duration.ofMillis(5);

	private static final Duration STABLE_TIMEOUT = Duration.ofMinutes(3);

	private static final int PARTITIONS = 6;

	private static final double AIM_EFFICIENCY = 0.9;

	private static final List<Integer> SHARE_MEMBERS = List.of(6, 12, 18);

	private static final int MEMBERS_PER_SHARE_REPLICA = 6;

	/**
	 * A share group of 12 on 6 partitions should do nearly twice a consumer group's work.
	 */
	static final double AIM_SHARE_12_OVER_CONSUMER_6 = 1.8;

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
				long backlog = this.settings.backlog() - this.probe.committedTotal(group);
				Samples rates = ConsumptionRate.measure(this.probe, group, backlog, this.settings.warmUp(),
						this.settings.window(), this.settings.repeat(),
						() -> replicas.forEach(ProcessorReplica::requireAlive));
				AssignmentSnapshot after = this.probe.describe(group, Topics.ORDERS);
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
		Section consumer = section(throughput, idleAtMost);
		List<Result> results = new ArrayList<>(consumer.results());
		List<ChartSpec> charts = new ArrayList<>(consumer.charts());
		List<String> notes = new ArrayList<>(consumer.notes());
		if (!share.isEmpty()) {
			results.addAll(shareResults(share, throughput));
			charts.add(shareChart(share, throughput));
			notes.add(shareNote());
		}
		if (shareFailure != null) {
			notes.add(shareFailure);
		}
		return new Section(consumer.id(), consumer.title(), results, charts, notes);
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
					BenchOrders.backfill(this.bed.bootstrapServers(), "p2-share-" + members + "-",
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

	private List<Result> shareResults(List<ShareStep> share, List<Samples> consumerThroughput) {
		String setting = "share group, 6 partitions, 5 ms work/order, 1 broker";
		List<Result> results = new ArrayList<>();
		for (ShareStep step : share) {
			results.add(Result.of("P2", "throughput, share group of " + step.members(), setting, step.rates(),
					Unit.ORDERS_PER_SECOND));
		}
		share.stream()
			.filter((step) -> step.members() == 12)
			.findFirst()
			.ifPresent((twelve) -> results
				.add(shareOverConsumer(twelve.rates(), consumerThroughput.get(REPLICAS.indexOf(PARTITIONS)))));
		for (ShareStep step : share) {
			results.add(Result.of("P2", "overtaken orders, share group of " + step.members(),
					String.format(Locale.ROOT, "of %,d statuses in the step (%.1f%%; %,d of later deliveries)",
							step.statuses(), 100.0 * step.overtaken() / Math.max(1, step.statuses()),
							step.redelivered()),
					Samples.of(step.overtaken()), Unit.COUNT));
		}
		return results;
	}

	/**
	 * The share group of 12 against the consumer group of 6, on the same 6 partitions:
	 * the aim is {@value #AIM_SHARE_12_OVER_CONSUMER_6}×, nearly the double that 12
	 * members at 5 ms an order could do.
	 * @param shareOfTwelve the share group's throughput with 12 members
	 * @param consumerOfSix the consumer group's with 6 replicas
	 * @return the result, with its aim
	 */
	static Result shareOverConsumer(Samples shareOfTwelve, Samples consumerOfSix) {
		return Result
			.of("P2", "share group of 12 / consumer group of 6", "6 partitions: past them, only a share group scales",
					Samples.ratio(shareOfTwelve, consumerOfSix), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_SHARE_12_OVER_CONSUMER_6, Unit.RATIO));
	}

	private static ChartSpec shareChart(List<ShareStep> share, List<Samples> consumerThroughput) {
		List<Integer> members = List.of(6, 8, 12, 18);
		List<Samples> consumer = new ArrayList<>();
		List<Samples> shared = new ArrayList<>();
		for (int count : members) {
			int replicas = REPLICAS.indexOf(count);
			consumer.add((replicas >= 0) ? consumerThroughput.get(replicas) : Samples.none());
			shared.add(share.stream()
				.filter((step) -> step.members() == count)
				.map(ShareStep::rates)
				.findFirst()
				.orElse(Samples.none()));
		}
		return new ChartSpec("p2-share.png", "P2: consumer group vs share group (6 partitions, 5 ms/order)", "members",
				"orders/s", false, members.stream().map(String::valueOf).toList(),
				List.of(new ChartSpec.Series("consumer group (committed offsets)", consumer),
						new ChartSpec.Series("share group (statuses published)", shared)),
				false);
	}

	private String shareNote() {
		return String.format(Locale.ROOT,
				"Share group (orders.processor.group.type=share): one group reading the same backlog from its start, "
						+ "scaled out 6 → 12 → 18 members, %d members (listener concurrency) per replica JVM, at most "
						+ "50 records acquired per member at a time, 5 s record locks; each step measured like the "
						+ "consumer group's, from the statuses its members published (a read_committed consumer of "
						+ "order-status: a share group commits no offsets, and its statuses are not transactional). "
						+ "Overtaken: statuses of the step taken in processedAt order, each counted when a status "
						+ "of the same customer with a higher source offset came before it.",
				MEMBERS_PER_SHARE_REPLICA);
	}

	private Section section(List<Samples> throughput, long idleAtEight) {
		double single = throughput.get(0).median();
		String setting = "6 partitions, 5 ms work/order, 1 broker";
		List<Result> results = new ArrayList<>();
		List<Samples> efficiency = new ArrayList<>();
		List<Samples> ideal = new ArrayList<>();
		for (int i = 0; i < REPLICAS.size(); i++) {
			int count = REPLICAS.get(i);
			Samples rates = throughput.get(i);
			Samples efficient = rates.map((rate) -> rate / (count * single));
			efficiency.add(efficient);
			ideal.add(Samples.of(Math.min(count, PARTITIONS) * single));
			results.add(Result.of("P2", "throughput, " + count + " replica" + ((count > 1) ? "s" : ""), setting, rates,
					Unit.ORDERS_PER_SECOND));
		}
		for (int i = 1; i < REPLICAS.size(); i++) {
			int count = REPLICAS.get(i);
			Result result = Result.of("P2", "efficiency, " + count + " replicas",
					"throughput(" + count + ") / (" + count + " × throughput(1))", efficiency.get(i), Unit.RATIO);
			results.add((count <= PARTITIONS) ? result.withAim(Aim.atLeast(AIM_EFFICIENCY, Unit.RATIO)) : result);
		}
		int six = REPLICAS.indexOf(PARTITIONS);
		int eight = REPLICAS.indexOf(8);
		results.add(Result
			.of("P2", "throughput 8 / throughput 6", "more replicas than partitions",
					throughput.get(eight).map((rate) -> rate / throughput.get(six).median()), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_EFFICIENCY, Unit.RATIO)));
		results.add(Result.of("P2", "idle replicas at 8", "8 replicas, 6 partitions",
				(idleAtEight >= 0) ? Samples.of(idleAtEight) : Samples.none(), Unit.COUNT));
		List<String> categories = REPLICAS.stream().map(String::valueOf).toList();
		ChartSpec chart = new ChartSpec("p2-scaling.png", "P2: throughput by replicas (6 partitions, 5 ms/order)",
				"replicas in the group", "orders/s (committed)", true, categories,
				List.of(new ChartSpec.Series("measured (median, whiskers to min/max)", throughput),
						new ChartSpec.Series("ideal: min(k, 6) × throughput(1)", ideal)),
				false);
		ChartSpec efficiencyChart = new ChartSpec("p2-efficiency.png",
				"P2: efficiency = throughput(k) / (k × throughput(1))", "replicas in the group", "efficiency", true,
				categories, List.of(new ChartSpec.Series("efficiency", efficiency)), false);
		List<String> notes = List.of(String.format(Locale.ROOT,
				"One group, scaled out 1 → 2 → 3 → 6 → 8 replicas (each its own JVM, dynamic membership, "
						+ "classic protocol, cooperative-sticky); each step measured over %d window(s) of up to %d s "
						+ "once the group is stable, after a %d s warm-up.",
				this.settings.repeat(), this.settings.window().toSeconds(), this.settings.warmUp().toSeconds()),
				"Per order: 5 ms of simulated work (a sleep: I/O-bound), then order-processor's transaction "
						+ "(statuses + offsets, one transaction per poll of up to 50 orders).");
		return new Section("P2", "Scaling curve", results, List.of(chart, efficiencyChart), notes);
	}

	/**
	 * One size of the share group.
	 *
	 * @param members share consumers in the group
	 * @param rates statuses published per second, one sample per window
	 * @param statuses statuses received from the step's start to its last window's end
	 * @param overtaken how many of them were processed after a later order of their
	 * customer
	 * @param redelivered how many of them were of a second or later delivery: the rate
	 * counts them too
	 */
	private record ShareStep(int members, Samples rates, long statuses, long overtaken, long redelivered) {

	}

}
