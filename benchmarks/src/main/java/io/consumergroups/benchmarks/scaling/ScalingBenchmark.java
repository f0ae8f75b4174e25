package io.consumergroups.benchmarks.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.ConsumptionRate;
import io.consumergroups.benchmarks.harness.GroupSnapshot;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;
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
 */
public final class ScalingBenchmark {

	static final List<Integer> REPLICAS = List.of(1, 2, 3, 6, 8);

	private static final Logger logger = LoggerFactory.getLogger(ScalingBenchmark.class);

	private static final Duration WORK = Duration.ofMillis(5);

	private static final Duration STABLE_TIMEOUT = Duration.ofMinutes(3);

	private static final int PARTITIONS = 6;

	private static final double AIM_EFFICIENCY = 0.9;

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
				GroupSnapshot after = this.probe.describe(group, Topics.ORDERS);
				idleAtMost = after.idleMembers();
				logger.info("P2 {} replica(s): {} orders/s, {} idle", count, rates, idleAtMost);
				throughput.add(rates);
			}
		}
		finally {
			ProcessorReplica.stopAll(replicas);
		}
		return section(throughput, idleAtMost);
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

}
