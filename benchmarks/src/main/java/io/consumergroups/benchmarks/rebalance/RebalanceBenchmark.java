package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import io.consumergroups.benchmarks.harness.ClusterProbe;
import io.consumergroups.benchmarks.harness.AssignmentSnapshot;
import io.consumergroups.benchmarks.harness.Pause;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.StatusRecorder.ObservedStatus;
import io.consumergroups.benchmarks.harness.TestBed;
import io.consumergroups.benchmarks.report.Aim;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.Result;
import io.consumergroups.benchmarks.report.Section;
import io.consumergroups.benchmarks.report.Unit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P3 and P4, on three replicas of order-processor under steady load, per group protocol:
 * <ul>
 * <li>P3, join: a 4th replica joins. How long do partitions that keep their owner stop
 * being processed, and how long until the group is stable again?</li>
 * <li>P3, static restart: a static member is stopped and started again within the session
 * timeout. Do partitions move, and do the other members stall?</li>
 * <li>P4, failover: one of the three is killed ({@code SIGKILL}). How long until its
 * partitions are processed again, and until their statuses are visible to a
 * {@code read_committed} reader? Per protocol and per session timeout.</li>
 * </ul>
 * Everything is read from the statuses the replicas publish ({@link ProcessingGaps}) and
 * from the group as the coordinator describes it, polled every 100 ms. P3's events run at
 * {@link #EVENT_RATE}, P4's at the run's steady rate.
 */
public final class RebalanceBenchmark {

	static final List<GroupConfig> CONFIGS = List.of(
			new GroupConfig("classic, range (eager)", "eager", "classic", "range"),
			new GroupConfig("classic, cooperative-sticky", "cooperative", "classic", "cooperative-sticky"),
			new GroupConfig("consumer (KIP-848)", "consumer", "consumer", "cooperative-sticky"));

	private static final Logger logger = LoggerFactory.getLogger(RebalanceBenchmark.class);

	private static final long AIM_STALL_MILLIS = 50;

	/**
	 * The rate of P3's events: the load's 5 ms tick times 6 partitions, so that with the
	 * customers in turn every partition gets an order every 5 ms, and a stall shows
	 * within 5 ms of its length; at the steady rate of 60/s it would be every 100 ms,
	 * twice the aim. order-processor's replicas keep up with it on these cores (P5 on one
	 * broker: 2,000/s); each event checks that they do ({@link #CAUGHT_UP_LAG}).
	 */
	static final int EVENT_RATE = GroupSession.PARTITIONS * 200;

	/**
	 * The most orders not committed yet, over all partitions, for the group to count as
	 * caught up before an event: 100 ms of orders.
	 */
	private static final long CAUGHT_UP_LAG = EVENT_RATE / 10;

	/** Time for the statuses of a window's last orders to reach the recorder. */
	private static final Duration STATUS_DELAY = Duration.ofSeconds(1);

	private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration SETTLE = Duration.ofSeconds(2);

	/**
	 * Quiet time before each event: the group settles from the last one, and the window
	 * just before the event shows that it did.
	 */
	private static final Duration BEFORE_EVENT = Duration.ofSeconds(6);

	private static final long BASELINE_MICROS = 5_000_000;

	/** The longest gap in the steady-state window that counts as quiet. */
	private static final long QUIET_GAP_MILLIS = 500;

	private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * How long a P3 event waits for the group to catch up with {@link #EVENT_RATE}; on a
	 * loaded machine the first, after the rate went up, can take minutes. An event whose
	 * group is still behind then is skipped: its gaps would count only the orders
	 * processed.
	 */
	private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(3);

	private static final List<Integer> ALL = IntStream.range(0, GroupSession.PARTITIONS).boxed().toList();

	/**
	 * order-processor's {@code transaction.timeout.ms}, which its YAML keeps within the
	 * session timeout: a failover with a shorter session gets it lowered to the session.
	 */
	private static final Duration SHIPPED_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

	private final TestBed bed;

	private final ClusterProbe probe;

	private final RunSettings settings;

	private final boolean rebalances;

	private final boolean failoversToo;

	private final Map<GroupConfig, Join> joins = new LinkedHashMap<>();

	private final Map<FailoverCase, Failover> failovers = new LinkedHashMap<>();

	private final Map<GroupConfig, StaticRestart> restarts = new LinkedHashMap<>();

	private final List<String> failures = new ArrayList<>();

	/**
	 * @param bed the cluster
	 * @param probe the cluster's Admin view
	 * @param settings how much to measure
	 * @param rebalances whether to run P3 (joins, static restarts)
	 * @param failovers whether to run P4 (kills)
	 */
	public RebalanceBenchmark(TestBed bed, ClusterProbe probe, RunSettings settings, boolean rebalances,
			boolean failovers) {
		this.bed = bed;
		this.probe = probe;
		this.settings = settings;
		this.rebalances = rebalances;
		this.failoversToo = failovers;
	}

	/**
	 * Run P3, P4 or both.
	 * @return the section of each that ran
	 */
	public List<Section> run() {
		for (GroupConfig config : CONFIGS) {
			Join join = new Join();
			Failover failover = new Failover();
			if (this.rebalances) {
				this.joins.put(config, join);
			}
			if (this.failoversToo) {
				this.failovers.put(new FailoverCase(config, this.settings.sessionTimeout()), failover);
			}
			try (GroupSession session = GroupSession.open(this.bed, this.probe, "p3-" + config.key(), config.protocol(),
					config.assignor(), this.settings.sessionTimeout(), this.settings.steadyRate())) {
				if (this.rebalances) {
					// Each event waits until the group has caught up with it
					session.rate(EVENT_RATE);
				}
				for (int i = 1; this.rebalances && i <= this.settings.eventRepeat(); i++) {
					join(session, join, i);
				}
				if (this.failoversToo) {
					session.rate(this.settings.steadyRate());
					for (int i = 1; i <= this.settings.killRepeat(); i++) {
						failover(session, failover, i);
					}
				}
			}
			catch (RuntimeException ex) {
				logger.error("P3/P4 {} failed", config.label(), ex);
				this.failures.add(config.label() + ": " + ex.getMessage());
			}
		}
		for (Duration timeout : this.settings.failoverSessionTimeouts()) {
			if (this.failoversToo && !timeout.equals(this.settings.sessionTimeout())) {
				CONFIGS.forEach((config) -> failovers(config, timeout));
			}
		}
		for (GroupConfig config : this.rebalances ? CONFIGS.subList(1, CONFIGS.size()) : List.<GroupConfig>of()) {
			StaticRestart restart = new StaticRestart();
			this.restarts.put(config, restart);
			try (GroupSession session = GroupSession.open(this.bed, this.probe, "p3-static-" + config.key(),
					config.protocol(), config.assignor(), this.settings.staticSessionTimeout(),
					this.settings.steadyRate())) {
				session.rate(EVENT_RATE);
				for (int i = 1; i <= this.settings.eventRepeat(); i++) {
					staticRestart(session, restart, i);
				}
			}
			catch (RuntimeException ex) {
				logger.error("P3 static restart {} failed", config.label(), ex);
				this.failures.add("static restart, " + config.label() + ": " + ex.getMessage());
			}
		}
		List<Section> sections = new ArrayList<>();
		if (this.rebalances) {
			sections.add(rebalanceSection());
		}
		if (this.failoversToo) {
			sections.add(failoverSection());
		}
		return sections;
	}

	/**
	 * Failovers alone, in a group of their own with another session timeout. The
	 * replicas' transaction timeout is kept within it, as order-processor.yml advises: a
	 * replica killed inside a transaction holds its partitions until the transaction is
	 * aborted.
	 */
	private void failovers(GroupConfig config, Duration timeout) {
		Failover failover = new Failover();
		this.failovers.put(new FailoverCase(config, timeout), failover);
		List<String> properties = (timeout.compareTo(SHIPPED_TRANSACTION_TIMEOUT) < 0)
				? List.of("spring.kafka.producer.properties.transaction.timeout.ms=" + timeout.toMillis()) : List.of();
		try (GroupSession session = GroupSession.open(this.bed, this.probe,
				"p4-" + config.key() + "-" + timeout.toSeconds() + "s", config.protocol(), config.assignor(), timeout,
				this.settings.steadyRate(), properties)) {
			for (int i = 1; i <= this.settings.killRepeat(); i++) {
				failover(session, failover, i);
			}
		}
		catch (RuntimeException ex) {
			logger.error("P4 {}, session {} s failed", config.label(), timeout.toSeconds(), ex);
			this.failures.add(config.label() + ", session " + timeout.toSeconds() + " s: " + ex.getMessage());
		}
	}

	/**
	 * A 4th replica joins; it is dynamic, so that stopping it afterwards leaves the group
	 * at once and the next event starts from three members again. Then its control.
	 */
	private void join(GroupSession session, Join join, int attempt) {
		Quiet quiet = awaitQuiet(session, CAUGHT_UP_LAG, CATCH_UP_TIMEOUT);
		if (quiet.lag() > CAUGHT_UP_LAG) {
			join.behind.add("join " + attempt);
			return;
		}
		AssignmentSnapshot before = quiet.group();
		ProcessorReplica joiner = session.newReplica("joiner-" + attempt, false);
		long changedMicros = -1;
		AssignmentSnapshot stable = null;
		long launchedMicros = nowMicros();
		joiner.start();
		List<Integer> unmoved;
		long from;
		long to;
		try {
			long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
			while (stable == null) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The group did not take in a 4th member within " + JOIN_TIMEOUT);
				}
				joiner.requireAlive();
				long askedMicros = nowMicros();
				AssignmentSnapshot group = session.describe();
				if (changedMicros < 0 && group.differsFrom(before)) {
					changedMicros = askedMicros;
				}
				if (changedMicros >= 0 && group.isStableWith(4, GroupSession.PARTITIONS) && group.idleMembers() == 0) {
					stable = group;
				}
				else {
					Pause.of(Duration.ofMillis(100));
				}
			}
			long stableMicros = stable.atMillis() * 1000;
			Pause.of(SETTLE);
			Map<Integer, String> ownersBefore = before.ownerByPartition();
			Map<Integer, String> ownersAfter = session.describe().ownerByPartition();
			unmoved = ALL.stream()
				.filter((p) -> ownersBefore.get(p) != null && ownersBefore.get(p).equals(ownersAfter.get(p)))
				.toList();
			List<Integer> moved = ALL.stream().filter((p) -> !unmoved.contains(p)).toList();
			from = changedMicros - 1_000_000;
			to = stableMicros + 1_000_000;
			ProcessingGaps gaps = session.gaps();
			ProcessingGaps.Stall stallUnmoved = gaps.stall(unmoved, from, to);
			ProcessingGaps.Stall stallMoved = gaps.stall(moved, from, to);
			// The same partitions over a window as long, ending a second before the
			// launch
			ProcessingGaps.Stall steady = gaps.stall(unmoved, launchedMicros - 1_000_000 - (to - from),
					launchedMicros - 1_000_000);
			stallUnmoved.longestGapMillis().ifPresent((gap) -> join.stallUnmoved.add((double) gap));
			stallMoved.longestGapMillis().ifPresent((gap) -> join.stallMoved.add((double) gap));
			steady.longestGapMillis().ifPresent((gap) -> join.baseline.add((double) gap));
			join.arrivalUnmoved.add((double) stallUnmoved.arrivalIntervalMillis());
			join.window.add((to - from) / 1000.0);
			join.toStable.add((stableMicros - changedMicros) / 1000.0);
			join.unmovedCount.add((double) unmoved.size());
			join.lagBefore.add((double) quiet.lag());
			logger.info(
					"P3 join {}: {} unmoved partitions stalled up to {} (orders every {} ms at most), {} moved up to {}; "
							+ "stable after {} ms; window {} ms; steady state {}; lag before {}",
					session.membership().groupId(), unmoved.size(), text(stallUnmoved.longestGapMillis()),
					stallUnmoved.arrivalIntervalMillis(), moved.size(), text(stallMoved.longestGapMillis()),
					(stableMicros - changedMicros) / 1000, (to - from) / 1000, text(steady.longestGapMillis()),
					quiet.lag());
		}
		finally {
			joiner.stop();
		}
		control(session, join, attempt, unmoved, from - launchedMicros, to - launchedMicros);
	}

	/**
	 * The machine's share of a join's stall: the same replica JVM, started with its
	 * listener off so that it never joins, costs the others what a JVM start costs on
	 * these cores. Measured on the join's unmoved partitions, over a window as long as
	 * the join's and as far from the launch: the same phase of the JVM's start.
	 * @param fromMicros the join window's start, from the joiner's launch
	 * @param toMicros its end, from the joiner's launch
	 */
	private void control(GroupSession session, Join join, int attempt, List<Integer> partitions, long fromMicros,
			long toMicros) {
		Quiet quiet = awaitQuiet(session, CAUGHT_UP_LAG, CATCH_UP_TIMEOUT);
		if (quiet.lag() > CAUGHT_UP_LAG) {
			join.behind.add("control " + attempt);
			return;
		}
		ProcessorReplica idle = session.newReplica("control-" + attempt, false,
				List.of("spring.kafka.listener.auto-startup=false"));
		long launchedMicros = nowMicros();
		idle.start();
		try {
			long until = launchedMicros + toMicros + STATUS_DELAY.toNanos() / 1000;
			Pause.of(Duration.ofNanos(Math.max(0, until - nowMicros()) * 1000));
			idle.requireAlive();
			ProcessingGaps.Stall stall = session.gaps()
				.stall(partitions, launchedMicros + fromMicros, launchedMicros + toMicros);
			stall.longestGapMillis().ifPresent((millis) -> join.control.add((double) millis));
			join.arrivalControl.add((double) stall.arrivalIntervalMillis());
			logger.info(
					"P3 control {}: a replica JVM starting without joining, longest wait {} "
							+ "(orders every {} ms at most) from {} to {} ms after its launch; lag before {}",
					session.membership().groupId(), text(stall.longestGapMillis()), stall.arrivalIntervalMillis(),
					fromMicros / 1000, toMicros / 1000, quiet.lag());
		}
		finally {
			idle.stop();
		}
	}

	private void failover(GroupSession session, Failover failover, int attempt) {
		AssignmentSnapshot before = awaitQuiet(session);
		ProcessorReplica victim = session.replicas().get(2);
		List<Integer> lost = before.partitionsByMember().get(victim.instanceId());
		if (lost == null || lost.isEmpty()) {
			throw new IllegalStateException(victim.instanceId() + " owns nothing in " + before);
		}
		long killedMicros = nowMicros();
		victim.kill();
		Duration timeout = session.membership().sessionTimeout().plus(Duration.ofSeconds(60));
		boolean recovered = session.recorder()
			.await((statuses) -> session.gaps(statuses)
				.allProcessedAfter(lost, killedMicros, victim.instanceId(), false)
				.isPresent(), timeout);
		if (!recovered) {
			throw new IllegalStateException("Partitions " + lost + " of the killed " + victim.instanceId()
					+ " were not processed again within " + timeout.toSeconds() + " s");
		}
		ProcessingGaps gaps = session.gaps();
		long processed = 0;
		long visible = 0;
		for (int partition : lost) {
			ObservedStatus first = gaps.firstProcessedAfter(partition, killedMicros, victim.instanceId(), false)
				.orElseThrow();
			processed = Math.max(processed, first.processedAtMicros() - killedMicros);
			visible = Math.max(visible, first.receivedAtMicros() - killedMicros);
		}
		failover.processedAgain.add(processed / 1e6);
		failover.visibleAgain.add(visible / 1e6);
		logger.info("P4 failover {}: partitions {} of {} processed again after {} s, visible after {} s",
				session.membership().groupId(), lost, victim.instanceId(), processed / 1e6, visible / 1e6);
		if (attempt < this.settings.killRepeat()) {
			// The same static member comes back, after its session expired: a new member
			victim.start();
			session.awaitStable(3);
		}
	}

	private void staticRestart(GroupSession session, StaticRestart restart, int attempt) {
		Quiet quiet = awaitQuiet(session, CAUGHT_UP_LAG, CATCH_UP_TIMEOUT);
		if (quiet.lag() > CAUGHT_UP_LAG) {
			restart.behind.add("restart " + attempt);
			return;
		}
		AssignmentSnapshot before = quiet.group();
		ProcessorReplica member = session.replicas().get(1);
		List<Integer> own = before.partitionsByMember().get(member.instanceId());
		List<Integer> others = ALL.stream().filter((p) -> !own.contains(p)).toList();
		long stoppedMicros = nowMicros();
		member.stop();
		// Statuses it published while shutting down are not its return
		long restartedMicros = nowMicros();
		member.start();
		Duration timeout = Duration.ofMinutes(2);
		boolean back = session.recorder()
			.await((statuses) -> session.gaps(statuses)
				.allProcessedAfter(own, restartedMicros, member.instanceId(), true)
				.isPresent(), timeout);
		if (!back) {
			throw new IllegalStateException(member.instanceId() + " did not process its partitions " + own
					+ " again within " + timeout.toSeconds() + " s");
		}
		Pause.of(SETTLE);
		ProcessingGaps gaps = session.gaps();
		long backMicros = gaps.allProcessedAfter(own, restartedMicros, member.instanceId(), true)
			.orElseThrow()
			.processedAtMicros();
		Map<Integer, String> ownersBefore = before.ownerByPartition();
		Map<Integer, String> ownersAfter = session.awaitStable(3).ownerByPartition();
		long moved = ALL.stream().filter((p) -> !ownersBefore.get(p).equals(ownersAfter.get(p))).count();
		// Statuses processed by others on the restarted member's partitions: they moved
		// at least for a while, even if they came back
		long borrowed = own.stream()
			.filter((p) -> gaps.firstProcessedAfter(p, stoppedMicros, member.instanceId(), false)
				.filter((status) -> status.processedAtMicros() < backMicros)
				.isPresent())
			.count();
		long to = backMicros + 1_000_000;
		ProcessingGaps.Stall othersStall = gaps.stall(others, stoppedMicros, to);
		long span = backMicros - stoppedMicros;
		// The same partitions over a window as long, ending a second before the stop
		ProcessingGaps.Stall steady = gaps.stall(others, stoppedMicros - 1_000_000 - (to - stoppedMicros),
				stoppedMicros - 1_000_000);
		restart.moved.add((double) Math.max(moved, borrowed));
		othersStall.longestGapMillis().ifPresent((gap) -> restart.othersStall.add((double) gap));
		steady.longestGapMillis().ifPresent((gap) -> restart.baseline.add((double) gap));
		restart.arrivalOthers.add((double) othersStall.arrivalIntervalMillis());
		restart.ownPause.add(span / 1e6);
		restart.lagBefore.add((double) quiet.lag());
		logger.info(
				"P3 static restart {}: {} partitions moved ({} served by others meanwhile), others stalled up to "
						+ "{} (orders every {} ms at most), own partitions paused {} s, steady state {}, lag before {}",
				session.membership().groupId(), moved, borrowed, text(othersStall.longestGapMillis()),
				othersStall.arrivalIntervalMillis(), span / 1e6, text(steady.longestGapMillis()), quiet.lag());
	}

	private Section rebalanceSection() {
		List<Result> results = new ArrayList<>();
		String joinSetting = String.format(Locale.ROOT, "3 → 4 replicas, %,d orders/s, session %d s", EVENT_RATE,
				this.settings.sessionTimeout().toSeconds());
		List<Samples> unmoved = new ArrayList<>();
		List<Samples> moved = new ArrayList<>();
		List<Samples> baseline = new ArrayList<>();
		List<Samples> control = new ArrayList<>();
		this.joins.forEach((config, join) -> {
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
				"3 static replicas, one stopped and restarted, %,d orders/s, session %d s", EVENT_RATE,
				this.settings.staticSessionTimeout().toSeconds());
		this.restarts.forEach((config, restart) -> {
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
		List<String> labels = this.joins.keySet().stream().map(GroupConfig::label).toList();
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
				EVENT_RATE, this.settings.steadyRate(), CAUGHT_UP_LAG, CATCH_UP_TIMEOUT.toMinutes()),
				"A stall is the time a partition had an order waiting and processed nothing: per status, from the "
						+ "later of the previous status on that partition and its own order's send time, to its "
						+ "processedAt. In steady state it is one order's own wait. Each event waits until the group is "
						+ "stable with 3 members and the 5 s before had no gap above " + QUIET_GAP_MILLIS
						+ " ms (at most " + QUIET_TIMEOUT.toSeconds() + " s).",
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
		this.joins.forEach((config, join) -> skipped(notes, config, join.behind));
		this.restarts.forEach((config, restart) -> skipped(notes, config, restart.behind));
		this.failures.forEach((failure) -> notes.add("Not measured: " + failure));
		return new Section("P3", "Rebalance stall", results, List.of(chart), notes);
	}

	private Section failoverSection() {
		List<Result> results = new ArrayList<>();
		List<Duration> timeouts = this.settings.failoverSessionTimeouts();
		for (Duration timeout : timeouts) {
			String setting = String.format(Locale.ROOT, "SIGKILL 1 of 3, session %d s, %d orders/s",
					timeout.toSeconds(), this.settings.steadyRate());
			for (GroupConfig config : CONFIGS) {
				Failover failover = this.failovers.get(new FailoverCase(config, timeout));
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
		List<String> labels = CONFIGS.stream().map(GroupConfig::label).toList();
		List<ChartSpec.Series> series = timeouts.stream()
			.map((timeout) -> new ChartSpec.Series("session " + timeout.toSeconds() + " s",
					CONFIGS.stream()
						.map((config) -> this.failovers.get(new FailoverCase(config, timeout)))
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
						+ SHIPPED_TRANSACTION_TIMEOUT.toSeconds()
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
		this.failures.forEach((failure) -> notes.add("Not measured: " + failure));
		return new Section("P4", "Failover", results, List.of(chart), notes);
	}

	/**
	 * Waits until the group is stable with three members and the steady-state window (the
	 * baseline's: from 6 s to 1 s ago) had no gap above {@link #QUIET_GAP_MILLIS}, for at
	 * most {@link #QUIET_TIMEOUT}. A consumer-protocol group reports itself stable while
	 * members still reconcile the previous change, so a fixed pause alone started some
	 * events in the middle of the last one.
	 * @param session the group
	 * @return the group as it was when quiet
	 */
	private static AssignmentSnapshot awaitQuiet(GroupSession session) {
		return awaitQuiet(session, Long.MAX_VALUE, QUIET_TIMEOUT).group();
	}

	/**
	 * Waits as {@link #awaitQuiet(GroupSession)}, and until the group has at most so many
	 * orders not committed: a gap counts only orders processed, so a partition that fell
	 * behind would not show in it.
	 * @param session the group
	 * @param maxLag the most orders not committed
	 * @param timeout how long at most
	 * @return the group as it was when quiet, and its lag then: above {@code maxLag} if
	 * it did not catch up in time
	 */
	private static Quiet awaitQuiet(GroupSession session, long maxLag, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		session.awaitStable(3);
		Pause.of(BEFORE_EVENT);
		long lag = session.lag();
		while (System.nanoTime() < deadline) {
			OptionalLong gap = baseline(session.gaps(), nowMicros());
			lag = session.lag();
			if (gap.isPresent() && gap.getAsLong() <= QUIET_GAP_MILLIS && lag <= maxLag) {
				break;
			}
			logger.info("Waiting for {} to settle: a gap of {} in the last 5 s, {} orders not committed",
					session.membership().groupId(), text(gap), lag);
			Pause.of(Duration.ofSeconds(1));
			session.awaitStable(3);
		}
		if (lag > maxLag) {
			logger.warn("{} still has {} orders not committed after {} s", session.membership().groupId(), lag,
					timeout.toSeconds());
		}
		return new Quiet(session.awaitStable(3), lag);
	}

	private static void skipped(List<String> notes, GroupConfig config, List<String> behind) {
		if (!behind.isEmpty()) {
			notes.add("Skipped, the group still more than " + CAUGHT_UP_LAG + " orders behind after "
					+ CATCH_UP_TIMEOUT.toMinutes() + " min — " + config.label() + ": " + String.join(", ", behind));
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

	/** A gap for the log. */
	private static String text(OptionalLong gapMillis) {
		return gapMillis.isPresent() ? gapMillis.getAsLong() + " ms" : "none measured";
	}

	private static OptionalLong baseline(ProcessingGaps gaps, long eventMicros) {
		return gaps.longestGapMillis(ALL, eventMicros - BASELINE_MICROS - 1_000_000, eventMicros - 1_000_000);
	}

	private static long nowMicros() {
		return StatusRecorder.epochMicros(Instant.now());
	}

	/**
	 * A group protocol and assignor under test.
	 *
	 * @param label as printed
	 * @param key in names
	 * @param protocol {@code orders.processor.group.protocol}
	 * @param assignor {@code orders.processor.group.assignor}
	 */
	record GroupConfig(String label, String key, String protocol, String assignor) {

	}

	/**
	 * The group just before an event, and its lag then.
	 *
	 * @param group the group
	 * @param lag orders not committed
	 */
	private record Quiet(AssignmentSnapshot group, long lag) {

	}

	private static final class Join {

		final List<Double> stallUnmoved = new ArrayList<>();

		final List<Double> arrivalUnmoved = new ArrayList<>();

		final List<Double> stallMoved = new ArrayList<>();

		final List<Double> toStable = new ArrayList<>();

		final List<Double> window = new ArrayList<>();

		final List<Double> unmovedCount = new ArrayList<>();

		final List<Double> baseline = new ArrayList<>();

		final List<Double> control = new ArrayList<>();

		final List<Double> arrivalControl = new ArrayList<>();

		final List<Double> lagBefore = new ArrayList<>();

		/** Events skipped: the group had not caught up. */
		final List<String> behind = new ArrayList<>();

	}

	/**
	 * A failover scenario: a group protocol and a session timeout.
	 *
	 * @param config the protocol and assignor
	 * @param sessionTimeout the session timeout
	 */
	record FailoverCase(GroupConfig config, Duration sessionTimeout) {

	}

	private static final class Failover {

		final List<Double> processedAgain = new ArrayList<>();

		final List<Double> visibleAgain = new ArrayList<>();

	}

	private static final class StaticRestart {

		final List<Double> moved = new ArrayList<>();

		final List<Double> othersStall = new ArrayList<>();

		final List<Double> arrivalOthers = new ArrayList<>();

		final List<Double> ownPause = new ArrayList<>();

		final List<Double> baseline = new ArrayList<>();

		final List<Double> lagBefore = new ArrayList<>();

		/** Events skipped: the group had not caught up. */
		final List<String> behind = new ArrayList<>();

	}

}
