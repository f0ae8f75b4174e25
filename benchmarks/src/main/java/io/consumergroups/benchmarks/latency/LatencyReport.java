package io.consumergroups.benchmarks.latency;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.consumergroups.benchmarks.harness.CpuUse;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;

/**
 * P5's section of the report: per variant and rate, the end-to-end percentiles beside
 * ProducerPerformance's, their ratio against the aim, where the time goes and the CPU in
 * use; the latency chart and how it was measured.
 */
final class LatencyReport {

	private static final double AIM_RATIO = 3;

	private final RunSettings settings;

	private final int brokers;

	/**
	 * @param settings what the run measured with
	 * @param brokers the brokers of the cluster measured on
	 */
	LatencyReport(RunSettings settings, int brokers) {
		this.settings = settings;
		this.brokers = brokers;
	}

	/**
	 * The section.
	 * @param byVariant the figures of each variant by rate, in the table's order
	 * @return P5's section
	 */
	Section section(Map<Variant, Map<Integer, RateMeasurements>> byVariant) {
		List<Result> results = new ArrayList<>();
		String[] names = { "p50", "p99", "p99.9" };
		byVariant.forEach((variant, byRate) -> byRate.forEach((rate, result) -> {
			String setting = String.format(Locale.ROOT, "%,d orders/s, 3 replicas, %s, %d broker%s", rate,
					variant.description(), this.brokers, (this.brokers > 1) ? "s" : "");
			for (int i = 0; i < names.length; i++) {
				results.add(Result.of("P5", "end-to-end " + names[i] + " (send → committed status read)", setting,
						Samples.of(result.endToEnd.get(i)), Unit.MILLISECONDS));
			}
			for (int i = 0; i < names.length; i++) {
				results.add(Result.of("P5", "ProducerPerformance " + names[i] + " (send → ack, acks=all)", setting,
						Samples.of(result.producer.get(i)), Unit.MILLISECONDS));
			}
			results.add(Result
				.of("P5", "ratio end-to-end p99 / producer p99", setting,
						ratio(result.endToEnd.get(1), result.producer.get(1)), Unit.RATIO)
				.withAim(Aim.atMost(AIM_RATIO, Unit.RATIO)));
			results.add(Result.of("P5", "statuses committed during the run", setting,
					Samples.of(result.processedPerSecond), Unit.ORDERS_PER_SECOND));
			for (int i = 0; i < 2; i++) {
				results.add(Result.of("P5", "send → processed " + names[i] + " (waiting for a poll, and the poll)",
						setting, Samples.of(result.untilProcessed.get(i)), Unit.MILLISECONDS));
			}
			for (int i = 0; i < 2; i++) {
				results.add(Result.of("P5",
						"processed → status read " + names[i] + " (rest of the poll, offsets, commit, read)", setting,
						Samples.of(result.untilVisible.get(i)), Unit.MILLISECONDS));
			}
			results.add(Result.of("P5",
					String.format(Locale.ROOT, "CPU in use, whole machine (of %d cores)", CpuUse.Interval.cores()),
					setting, Samples.of(result.machineCores.stream().filter((cores) -> !cores.isNaN()).toList()),
					Unit.CORES));
			result.cores.forEach((role, cores) -> {
				// Kafka's tools run between measurements, not during them
				if (cores.stream().anyMatch((used) -> used > 0)) {
					results.add(Result.of("P5", "CPU in use, " + role.description(), setting, Samples.of(cores),
							Unit.CORES));
				}
			});
			if (result.undelivered > 0) {
				results.add(Result.of("P5", "orders not processed within 30 s after the run (saturated)", setting,
						Samples.of(result.undelivered), Unit.COUNT));
			}
		}));
		List<Integer> rates = this.settings.latencyRates();
		List<String> categories = rates.stream().map((rate) -> String.format(Locale.ROOT, "%,d/s", rate)).toList();
		List<ChartSpec.Series> series = new ArrayList<>();
		byVariant.forEach((variant, byRate) -> {
			series.add(new ChartSpec.Series("end-to-end p50, " + variant.description(),
					perRate(rates, byRate, (result) -> result.endToEnd.get(0))));
			series.add(new ChartSpec.Series("end-to-end p99, " + variant.description(),
					perRate(rates, byRate, (result) -> result.endToEnd.get(1))));
		});
		series.add(new ChartSpec.Series("ProducerPerformance p50",
				perRate(rates, byVariant.values(), (result) -> result.producer.get(0))));
		series.add(new ChartSpec.Series("ProducerPerformance p99",
				perRate(rates, byVariant.values(), (result) -> result.producer.get(1))));
		ChartSpec chart = new ChartSpec("p5-latency.png", "P5: end-to-end latency vs the producer's own", "rate",
				"ms (logarithmic axis)", false, categories, series, true);
		List<String> notes = List.of(String.format(Locale.ROOT,
				"Each run publishes for %d s at the rate (keyed by customer, idempotent, acks=all, linger 5 ms, as "
						+ "order-producer); the first %d s are left out. Percentiles are nearest-rank over every "
						+ "order of a run; the table gives their median over %d run(s).",
				this.settings.latencyRun().toSeconds(), LatencyBenchmark.WARM_UP.toSeconds(), this.settings.repeat()),
				"ProducerPerformance runs right after each end-to-end run, on the same cluster, at the same rate, "
						+ "sending the same order JSON (--payload-file) to a topic of its own, with "
						+ "--warmup-records for the same warm-up; its latency is send → acknowledgement.",
				"Three replicas of order-processor (classic, cooperative-sticky, static), EOS: an order's status "
						+ "becomes visible when its poll's transaction commits. They run three times, each time as "
						+ "a group of its own: as order-processor ships (max-poll-records 50, the producer's "
						+ "retry.backoff.ms 10); with retry.backoff.ms 100, Kafka's default, the sleep before "
						+ "retrying an offsets commit refused while the previous transaction's markers are still "
						+ "being written; and with max-poll-records 500 (as in P1), which lets a transaction carry "
						+ "more records when they queue.",
				"Orders still without a status 30 s after a run count with the time waited so far (a lower bound), "
						+ "and the rate's remaining repetitions are skipped: the group is saturated; 'statuses "
						+ "committed during the run' is then its capacity. Rates run in increasing order, so a "
						+ "saturated rate leaves its backlog only to higher ones.",
				"The fresh cluster is first produced to for 45 s by ProducerPerformance at the highest rate, and "
						+ "each group is warmed up at 200 orders/s, the first for 60 s (the brokers' transactional "
						+ "paths), the others for 20 s, so that the JVMs have compiled their hot paths before the "
						+ "first run. 'send → processed' and 'processed → status read' split "
						+ "each order's latency at OrderStatus.processedAt (the replica's clock, same machine). CPU "
						+ "in use is measured over each run after its warm-up: the machine's from /proc/stat, the "
						+ "harness's processes' from their CPU time.",
				"20 orders/s is not one of the aims' rates: it is a rate this group sustains on this machine, so "
						+ "that the end-to-end figure is a latency and not a queue.");
		return new Section("P5", "End-to-end latency", results, List.of(chart), notes);
	}

	private static List<Samples> perRate(List<Integer> rates, Map<Integer, RateMeasurements> byRate,
			Function<RateMeasurements, List<Double>> measure) {
		return perRate(rates, List.of(byRate), measure);
	}

	private static List<Samples> perRate(List<Integer> rates, Collection<Map<Integer, RateMeasurements>> runs,
			Function<RateMeasurements, List<Double>> measure) {
		return rates.stream()
			.map((rate) -> Samples.of(runs.stream()
				.map((byRate) -> byRate.get(rate))
				.filter(Objects::nonNull)
				.flatMap((result) -> measure.apply(result).stream())
				.toList()))
			.toList();
	}

	private static Samples ratio(List<Double> numerators, List<Double> denominators) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(numerators.size(), denominators.size()); i++) {
			ratios.add(numerators.get(i) / Math.max(denominators.get(i), 1));
		}
		return Samples.of(ratios);
	}

}
