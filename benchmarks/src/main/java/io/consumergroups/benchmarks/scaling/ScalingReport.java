package io.consumergroups.benchmarks.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;

/**
 * P2's section of the report: the consumer group's throughput and efficiency by replicas
 * against their aims, then the share group's steps beside it and their overtaken orders;
 * the charts and how it was measured.
 */
final class ScalingReport {

	/**
	 * A share group of 12 on 6 partitions should do nearly twice a consumer group's work.
	 */
	static final double AIM_SHARE_12_OVER_CONSUMER_6 = 1.8;

	private static final double AIM_EFFICIENCY = 0.9;

	private final RunSettings settings;

	/**
	 * @param settings what the run measured with
	 */
	ScalingReport(RunSettings settings) {
		this.settings = settings;
	}

	/**
	 * The section.
	 * @param throughput the consumer group's throughput at each of
	 * {@link ScalingBenchmark#REPLICAS}
	 * @param idleAtEight the members without a partition at 8 replicas, or -1 if unknown
	 * @param share the share group's steps measured, in order; none if it failed at once
	 * @param shareFailure why the share group's next step failed, or {@code null}
	 * @return P2's section
	 */
	Section section(List<Samples> throughput, long idleAtEight, List<ShareStep> share, String shareFailure) {
		Section consumer = consumerSection(throughput, idleAtEight);
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
			.ifPresent((twelve) -> results.add(shareOverConsumer(twelve.rates(),
					consumerThroughput.get(ScalingBenchmark.REPLICAS.indexOf(ScalingBenchmark.PARTITIONS)))));
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
			int replicas = ScalingBenchmark.REPLICAS.indexOf(count);
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
				ScalingBenchmark.MEMBERS_PER_SHARE_REPLICA);
	}

	private Section consumerSection(List<Samples> throughput, long idleAtEight) {
		double single = throughput.get(0).median();
		String setting = "6 partitions, 5 ms work/order, 1 broker";
		List<Result> results = new ArrayList<>();
		List<Samples> efficiency = new ArrayList<>();
		List<Samples> ideal = new ArrayList<>();
		for (int i = 0; i < ScalingBenchmark.REPLICAS.size(); i++) {
			int count = ScalingBenchmark.REPLICAS.get(i);
			Samples rates = throughput.get(i);
			Samples efficient = rates.map((rate) -> rate / (count * single));
			efficiency.add(efficient);
			ideal.add(Samples.of(Math.min(count, ScalingBenchmark.PARTITIONS) * single));
			results.add(Result.of("P2", "throughput, " + count + " replica" + ((count > 1) ? "s" : ""), setting, rates,
					Unit.ORDERS_PER_SECOND));
		}
		for (int i = 1; i < ScalingBenchmark.REPLICAS.size(); i++) {
			int count = ScalingBenchmark.REPLICAS.get(i);
			Result result = Result.of("P2", "efficiency, " + count + " replicas",
					"throughput(" + count + ") / (" + count + " × throughput(1))", efficiency.get(i), Unit.RATIO);
			results.add((count <= ScalingBenchmark.PARTITIONS) ? result.withAim(Aim.atLeast(AIM_EFFICIENCY, Unit.RATIO))
					: result);
		}
		int six = ScalingBenchmark.REPLICAS.indexOf(ScalingBenchmark.PARTITIONS);
		int eight = ScalingBenchmark.REPLICAS.indexOf(8);
		results.add(Result
			.of("P2", "throughput 8 / throughput 6", "more replicas than partitions",
					throughput.get(eight).map((rate) -> rate / throughput.get(six).median()), Unit.RATIO)
			.withAim(Aim.atLeast(AIM_EFFICIENCY, Unit.RATIO)));
		results.add(Result.of("P2", "idle replicas at 8", "8 replicas, 6 partitions",
				(idleAtEight >= 0) ? Samples.of(idleAtEight) : Samples.none(), Unit.COUNT));
		List<String> categories = ScalingBenchmark.REPLICAS.stream().map(String::valueOf).toList();
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
