package io.consumergroups.benchmarks.rebalance;

import java.util.ArrayList;
import java.util.Collections;
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
 * P3's section of the report: the joins' and static restarts' table lines per group
 * protocol, the stall chart and how to read them. A stall has an aim only where the
 * orders arrived often enough to see it.
 */
final class RebalanceReport {

	private static final long AIM_STALL_MILLIS = 50;

	private final RunSettings settings;

	/**
	 * @param settings what the run measured with
	 */
	RebalanceReport(RunSettings settings) {
		this.settings = settings;
	}

	/**
	 * The section.
	 * @param joins the joins' figures by group protocol, in the table's order
	 * @param restarts the static restarts' figures by group protocol, in the table's
	 * order
	 * @param failures the scenarios that could not be measured, and why
	 * @return P3's section
	 */
	Section section(Map<GroupConfig, JoinMeasurements> joins, Map<GroupConfig, StaticRestartMeasurements> restarts,
			List<String> failures) {
		List<Result> results = new ArrayList<>();
		String joinSetting = String.format(Locale.ROOT, "3 → 4 replicas, %,d orders/s, session %d s",
				RebalanceBenchmark.EVENT_RATE, this.settings.sessionTimeout().toSeconds());
		List<Samples> unmoved = new ArrayList<>();
		List<Samples> moved = new ArrayList<>();
		List<Samples> baseline = new ArrayList<>();
		List<Samples> control = new ArrayList<>();
		joins.forEach((config, join) -> {
			Result stall = Result.of("P3", "join: longest stall, partitions not moved — " + config.label(), joinSetting,
					Samples.of(join.stallUnmoved), Unit.MILLISECONDS);
			results.add(config.key().equals("eager") ? stall : judged(stall, join.arrivalUnmoved));
			results.add(
					Result.of("P3", "join: longest interval between two orders on a partition not moved (resolution) — "
							+ config.label(), joinSetting, Samples.of(join.arrivalUnmoved), Unit.MILLISECONDS));
			results.add(Result.of("P3", "join: longest stall, partitions moved — " + config.label(), joinSetting,
					Samples.of(join.stallMoved), Unit.MILLISECONDS));
			results.add(Result.of("P3", "join: time to a stable group — " + config.label(), joinSetting,
					Samples.of(join.toStable), Unit.MILLISECONDS));
			results.add(Result.of("P3",
					"join: window (1 s before the first change to 1 s after stable) — " + config.label(), joinSetting,
					Samples.of(join.window), Unit.MILLISECONDS));
			results.add(Result.of("P3", "join: partitions not moved — " + config.label(), joinSetting,
					Samples.of(join.unmovedCount), Unit.COUNT));
			results.add(Result.of("P3",
					"steady state: longest wait, partitions not moved, as long a window before the join — "
							+ config.label(),
					joinSetting, Samples.of(join.baseline), Unit.MILLISECONDS));
			results.add(Result.of("P3",
					"control: longest wait, partitions not moved, a replica JVM starting without joining, "
							+ "the join's window — " + config.label(),
					joinSetting, Samples.of(join.control), Unit.MILLISECONDS));
			results
				.add(Result.of("P3", "control: longest interval between two orders on a partition — " + config.label(),
						joinSetting, Samples.of(join.arrivalControl), Unit.MILLISECONDS));
			results.add(Result.of("P3", "lag before the join (orders not committed) — " + config.label(), joinSetting,
					Samples.of(join.lagBefore), Unit.COUNT));
			unmoved.add(Samples.of(join.stallUnmoved));
			moved.add(Samples.of(join.stallMoved));
			baseline.add(Samples.of(join.baseline));
			control.add(Samples.of(join.control));
		});
		String staticSetting = String.format(Locale.ROOT,
				"3 static replicas, one stopped and restarted, %,d orders/s, session %d s",
				RebalanceBenchmark.EVENT_RATE, this.settings.staticSessionTimeout().toSeconds());
		restarts.forEach((config, restart) -> {
			results.add(
					Result
						.of("P3", "static restart: partitions moved — " + config.label(), staticSetting,
								Samples.of(restart.moved), Unit.COUNT)
						.withAim(Aim.atMost(0, Unit.COUNT)));
			results
				.add(judged(
						Result.of("P3", "static restart: longest stall, other replicas' partitions — " + config.label(),
								staticSetting, Samples.of(restart.othersStall), Unit.MILLISECONDS),
						restart.arrivalOthers));
			results.add(
					Result.of("P3",
							"static restart: longest interval between two orders on their partitions (resolution) — "
									+ config.label(),
							staticSetting, Samples.of(restart.arrivalOthers), Unit.MILLISECONDS));
			results.add(Result.of("P3", "static restart: its own partitions paused — " + config.label(), staticSetting,
					Samples.of(restart.ownPause), Unit.SECONDS));
			results.add(Result.of("P3",
					"steady state: longest wait, other replicas' partitions, as long a window before the restart — "
							+ config.label(),
					staticSetting, Samples.of(restart.baseline), Unit.MILLISECONDS));
			results.add(Result.of("P3", "lag before the restart (orders not committed) — " + config.label(),
					staticSetting, Samples.of(restart.lagBefore), Unit.COUNT));
		});
		List<String> labels = joins.keySet().stream().map(GroupConfig::label).toList();
		ChartSpec chart = new ChartSpec("p3-rebalance-stall.png", "P3: a 4th replica joins 3 — longest stall",
				"group protocol", "ms without processing, work waiting", false, labels,
				List.of(new ChartSpec.Series("partitions not moved", unmoved),
						new ChartSpec.Series("partitions moved", moved),
						new ChartSpec.Series("control (a JVM starting, not joining)", control),
						new ChartSpec.Series("steady state (no rebalance)", baseline)),
				false);
		List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT,
				"Load during P3: %,d orders/s, with the customers chosen so that consecutive orders go to the 6 "
						+ "partitions in turn: every partition gets an order every 5 ms (the load's tick). A stall "
						+ "shows through the orders that arrive during it, so it can be longer than its figure by up to "
						+ "the longest interval between two orders on a partition (the 'resolution' lines). A stall "
						+ "result whose resolution in any repetition is above its aim is 'not observable', not "
						+ "'missed'. Each group starts at %d orders/s; before each event it has no more than %d orders "
						+ "not committed (100 ms of orders, read from the Admin API; the 'lag before' lines), or the "
						+ "event is skipped after %d min.",
				RebalanceBenchmark.EVENT_RATE, this.settings.steadyRate(), Quiet.CAUGHT_UP_LAG,
				Quiet.CATCH_UP_TIMEOUT.toMinutes()),
				"A stall is the time a partition had an order waiting and processed nothing: per status, from the "
						+ "later of the previous status on that partition and its own order's send time, to its "
						+ "processedAt. In steady state it is one order's own wait. Each event waits until the group is "
						+ "stable with 3 members and the 5 s before had no gap above " + Quiet.QUIET_GAP_MILLIS
						+ " ms (at most " + Quiet.QUIET_TIMEOUT.toSeconds() + " s).",
				"Window of a join: from 1 s before the group was first seen changing to 1 s after it was seen stable "
						+ "with 4 members and every partition owned; the group is described every 100 ms, so times "
						+ "to stable are ±100 ms. The steady-state and control lines use windows of the same length, "
						+ "on the same partitions (those the join did not move): the steady state's ends 1 s before "
						+ "the joiner's launch.",
				"Control: after each join, the same replica JVM is started with spring.kafka.listener.auto-startup="
						+ "false, so that it never joins; its window starts as long after its launch as the join's "
						+ "did after the joiner's: what a JVM start alone costs the others in the same phase of its "
						+ "start, on these cores (it starts no consumer or producer, so slightly less than a joiner).",
				"The joining replica is dynamic (no group.instance.id) so that it leaves at once when stopped; "
						+ "the three others are static, as order-processor runs by default. Each event is repeated "
						+ this.settings.eventRepeat() + " time(s) per protocol: each costs a replica's JVM start.",
				"Static restart: SIGTERM, then the same INSTANCE_ID started again, with a session timeout "
						+ "longer than the restart; 'partitions moved' also counts partitions other replicas "
						+ "processed meanwhile. Its window runs from the stop to 1 s after its partitions were "
						+ "processed by it again; the steady-state line is as long, ending 1 s before the stop."));
		joins.forEach((config, join) -> skipped(notes, config, join.behind));
		restarts.forEach((config, restart) -> skipped(notes, config, restart.behind));
		failures.forEach((failure) -> notes.add("Not measured: " + failure));
		return new Section("P3", "Rebalance stall", results, List.of(chart), notes);
	}

	private static void skipped(List<String> notes, GroupConfig config, List<String> behind) {
		if (!behind.isEmpty()) {
			notes.add("Skipped, the group still more than " + Quiet.CAUGHT_UP_LAG + " orders behind after "
					+ Quiet.CATCH_UP_TIMEOUT.toMinutes() + " min — " + config.label() + ": "
					+ String.join(", ", behind));
		}
	}

	/**
	 * A stall against the aim, judged only if every repetition's orders arrived often
	 * enough to see it.
	 * @param stall the stall
	 * @param arrivalIntervals each repetition's longest interval between two orders
	 * @return the stall with its aim and resolution
	 */
	private static Result judged(Result stall, List<Double> arrivalIntervals) {
		Result judged = stall.withAim(Aim.atMost(AIM_STALL_MILLIS, Unit.MILLISECONDS));
		return arrivalIntervals.isEmpty() ? judged : judged.withResolution(Collections.max(arrivalIntervals));
	}

}
