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
 * P3, static restart: a static member is stopped and started again within the session
 * timeout. Do partitions move, and do the other members stall?
 */
final class StaticRestartScenario {

	private static final Logger logger = LoggerFactory.getLogger(StaticRestartScenario.class);

	private StaticRestartScenario() {
	}

	/**
	 * Stop the second replica ({@code SIGTERM}) and start the same instance again, once
	 * the group is quiet and caught up.
	 * @param session the group of three static members
	 * @param restart where the figures go
	 * @param attempt the repetition, from 1
	 */
	static void measure(GroupSession session, StaticRestartMeasurements restart, int attempt) {
		Quiet quiet = Quiet.awaitCaughtUp(session);
		if (!quiet.caughtUp()) {
			restart.behind.add("restart " + attempt);
			return;
		}
		GroupAssignment before = quiet.group();
		ProcessorReplica member = session.replicas().get(1);
		List<Integer> own = before.partitionsByMember().get(member.instanceId());
		List<Integer> others = GroupSession.ALL_PARTITIONS.stream().filter((p) -> !own.contains(p)).toList();
		long stoppedMicros = ProcessingGaps.nowMicros();
		member.stop();
		// Statuses it published while shutting down are not its return
		long restartedMicros = ProcessingGaps.nowMicros();
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
		Pause.of(Quiet.SETTLE);
		ProcessingGaps gaps = session.gaps();
		long backMicros = gaps.allProcessedAfter(own, restartedMicros, member.instanceId(), true)
			.orElseThrow()
			.processedAtMicros();
		Map<Integer, String> ownersBefore = before.ownerByPartition();
		Map<Integer, String> ownersAfter = session.awaitStable(3).ownerByPartition();
		long moved = GroupSession.ALL_PARTITIONS.stream()
			.filter((p) -> !ownersBefore.get(p).equals(ownersAfter.get(p)))
			.count();
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
				session.membership().groupId(), moved, borrowed,
				ProcessingGaps.describe(othersStall.longestGapMillis()), othersStall.arrivalIntervalMillis(),
				span / 1e6, ProcessingGaps.describe(steady.longestGapMillis()), quiet.lag());
	}

}
