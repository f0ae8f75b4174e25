package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;

/**
 * P4's section of the report: per session timeout and group protocol, when the killed
 * replica's partitions were processed again (against the session timeout) and when their
 * statuses were visible, the failover chart and how to read them.
 */
final class FailoverReport {

	private final RunSettings settings;

	/**
	 * @param settings what the run measured with
	 */
	FailoverReport(RunSettings settings) {
		this.settings = settings;
	}

	/**
	 * The section.
	 * @param failovers the kills' figures by protocol and session timeout; a case missing
	 * has no line
	 * @param failures the scenarios that could not be measured, and why
	 * @return P4's section
	 */
	Section section(Map<FailoverCase, FailoverMeasurements> failovers, List<String> failures) {
		List<Result> results = new ArrayList<>();
		List<Duration> timeouts = this.settings.failoverSessionTimeouts();
		for (Duration timeout : timeouts) {
			String setting = String.format(Locale.ROOT, "SIGKILL 1 of 3, session %d s, %d orders/s",
					timeout.toSeconds(), this.settings.steadyRate());
			for (GroupConfig config : RebalanceBenchmark.CONFIGS) {
				FailoverMeasurements failover = failovers.get(new FailoverCase(config, timeout));
				if (failover == null) {
					continue;
				}
				results.add(Result
					.of("P4", "failover: its partitions processed again — " + config.label(), setting,
							Samples.of(failover.processedAgain), Unit.SECONDS)
					.withAim(Aim.atMost(timeout.toSeconds() + 2, Unit.SECONDS)));
				results.add(Result.of("P4", "failover: their statuses visible (read_committed) — " + config.label(),
						setting, Samples.of(failover.visibleAgain), Unit.SECONDS));
			}
		}
		List<String> labels = RebalanceBenchmark.CONFIGS.stream().map(GroupConfig::label).toList();
		List<ChartSpec.Series> series = timeouts.stream()
			.map((timeout) -> new ChartSpec.Series("session " + timeout.toSeconds() + " s",
					RebalanceBenchmark.CONFIGS.stream()
						.map((config) -> failovers.get(new FailoverCase(config, timeout)))
						.map((failover) -> (failover != null) ? Samples.of(failover.processedAgain) : Samples.none())
						.toList()))
			.toList();
		ChartSpec chart = new ChartSpec("p4-failover.png",
				"P4: SIGKILL one of 3 replicas — its partitions processed again", "group protocol",
				"seconds after the kill", false, labels, series, false);
		List<String> notes = new ArrayList<>(List.of(
				"Each kill is repeated " + this.settings.killRepeat() + " time(s) per protocol and session timeout: "
						+ "the killed replica is started again (same INSTANCE_ID, after its session expired: a new "
						+ "member) and the group is stable and quiet (as for a join) before the next kill.",
				"Session timeouts: " + timeouts.stream().map((t) -> t.toSeconds() + " s").toList() + ". "
						+ this.settings.sessionTimeout().toSeconds() + " s is order-processor's default (its failovers "
						+ "follow the joins of P3 in the same group); the others run in groups of their own. A session "
						+ "shorter than order-processor's transaction timeout ("
						+ RebalanceBenchmark.SHIPPED_TRANSACTION_TIMEOUT.toSeconds()
						+ " s) gets the transaction timeout lowered to it (spring.kafka.producer.properties."
						+ "transaction.timeout.ms), as order-processor.yml advises.",
				"Processed again: the latest, over the killed replica's partitions, of the first processedAt by "
						+ "another replica after the kill. Visible: when the harness's read_committed consumer "
						+ "received those statuses.",
				"A replica killed inside a transaction leaves it open until transaction.timeout.ms (10 s in "
						+ "order-processor, its session timeout) aborts it, found by the coordinator's scan for timed-out "
						+ "transactions (every second on these brokers, every 10 s by Kafka's default): until then the offsets it sent to that transaction are "
						+ "pending, the new owner of those partitions cannot read its starting offset, and "
						+ "read_committed readers of order-status wait at it. The replicas that take over use their "
						+ "own transactional ids, so nothing fences it sooner. With a transaction per poll, back to "
						+ "back under load, a kill usually lands inside one."));
		failures.forEach((failure) -> notes.add("Not measured: " + failure));
		return new Section("P4", "Failover", results, List.of(chart), notes);
	}

}
