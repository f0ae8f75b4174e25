package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.Pause;
import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.harness.group.GroupAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P3, join: a 4th replica joins three under load. How long do partitions that keep their
 * owner stop being processed, and how long until the group is stable again? Then its
 * control: the same replica JVM started without joining, for the machine's share of the
 * stall.
 */
final class JoinScenario {

	private static final Logger logger = LoggerFactory.getLogger(JoinScenario.class);

	/** Time for the statuses of a window's last orders to reach the recorder. */
	private static final Duration STATUS_DELAY = Duration.ofSeconds(1);

	private static final Duration JOIN_TIMEOUT = Duration.ofMinutes(3);

	private JoinScenario() {
	}

	/**
	 * A 4th replica joins; it is dynamic, so that stopping it afterwards leaves the group
	 * at once and the next event starts from three members again. Then its control.
	 * @param session the group of three
	 * @param join where the figures go
	 * @param attempt the repetition, from 1
	 */
	static void measure(GroupSession session, JoinMeasurements join, int attempt) {
		Quiet quiet = Quiet.awaitCaughtUp(session);
		if (!quiet.caughtUp()) {
			join.behind.add("join " + attempt);
			return;
		}
		GroupAssignment before = quiet.group();
		ProcessorReplica joiner = session.newReplica("joiner-" + attempt, false);
		long changedMicros = -1;
		long stableMicros = -1;
		long launchedMicros = ProcessingGaps.nowMicros();
		joiner.start();
		List<Integer> unmoved;
		long from;
		long to;
		try {
			long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
			while (stableMicros < 0) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The group did not take in a 4th member within " + JOIN_TIMEOUT);
				}
				joiner.requireAlive();
				long askedMicros = ProcessingGaps.nowMicros();
				GroupAssignment group = session.describe();
				// When the answer came back, to the millisecond
				long answeredMicros = System.currentTimeMillis() * 1000;
				if (changedMicros < 0 && !group.equals(before)) {
					changedMicros = askedMicros;
				}
				if (changedMicros >= 0 && group.isStableWith(4, GroupSession.PARTITIONS) && group.idleMembers() == 0) {
					stableMicros = answeredMicros;
				}
				else {
					Pause.of(Duration.ofMillis(100));
				}
			}
			Pause.of(Quiet.SETTLE);
			Map<Integer, String> ownersBefore = before.ownerByPartition();
			Map<Integer, String> ownersAfter = session.describe().ownerByPartition();
			unmoved = GroupSession.ALL_PARTITIONS.stream()
				.filter((p) -> ownersBefore.get(p) != null && ownersBefore.get(p).equals(ownersAfter.get(p)))
				.toList();
			List<Integer> moved = GroupSession.ALL_PARTITIONS.stream().filter((p) -> !unmoved.contains(p)).toList();
			from = changedMicros - 1_000_000;
			to = stableMicros + 1_000_000;
			ProcessingGaps gaps = session.gaps();
			ProcessingGaps.Stall stallUnmoved = gaps.stall(unmoved, from, to);
			ProcessingGaps.Stall stallMoved = gaps.stall(moved, from, to);
			// The same partitions over a window as long, ending a second
			// before the launch
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
					session.membership().groupId(), unmoved.size(),
					ProcessingGaps.describe(stallUnmoved.longestGapMillis()), stallUnmoved.arrivalIntervalMillis(),
					moved.size(), ProcessingGaps.describe(stallMoved.longestGapMillis()),
					(stableMicros - changedMicros) / 1000, (to - from) / 1000,
					ProcessingGaps.describe(steady.longestGapMillis()), quiet.lag());
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
	private static void control(GroupSession session, JoinMeasurements join, int attempt, List<Integer> partitions,
			long fromMicros, long toMicros) {
		Quiet quiet = Quiet.awaitCaughtUp(session);
		if (!quiet.caughtUp()) {
			join.behind.add("control " + attempt);
			return;
		}
		ProcessorReplica idle = session.newReplica("control-" + attempt, false,
				List.of("spring.kafka.listener.auto-startup=false"));
		long launchedMicros = ProcessingGaps.nowMicros();
		idle.start();
		try {
			long until = launchedMicros + toMicros + STATUS_DELAY.toNanos() / 1000;
			Pause.of(Duration.ofNanos(Math.max(0, until - ProcessingGaps.nowMicros()) * 1000));
			idle.requireAlive();
			ProcessingGaps.Stall stall = session.gaps()
				.stall(partitions, launchedMicros + fromMicros, launchedMicros + toMicros);
			stall.longestGapMillis().ifPresent((millis) -> join.control.add((double) millis));
			join.arrivalControl.add((double) stall.arrivalIntervalMillis());
			logger.info(
					"P3 control {}: a replica JVM starting without joining, longest wait {} "
							+ "(orders every {} ms at most) from {} to {} ms after its launch; lag before {}",
					session.membership().groupId(), ProcessingGaps.describe(stall.longestGapMillis()),
					stall.arrivalIntervalMillis(), fromMicros / 1000, toMicros / 1000, quiet.lag());
		}
		finally {
			idle.stop();
		}
	}

}
