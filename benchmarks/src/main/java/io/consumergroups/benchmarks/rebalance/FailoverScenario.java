package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.util.List;

import io.consumergroups.benchmarks.harness.ProcessorReplica;
import io.consumergroups.benchmarks.harness.StatusRecorder.ObservedStatus;
import io.consumergroups.harness.group.GroupAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * P4, failover: one of the three replicas is killed ({@code SIGKILL}). How long until its
 * partitions are processed again by another, and until their statuses are visible to a
 * {@code read_committed} reader?
 */
final class FailoverScenario {

	private static final Logger logger = LoggerFactory.getLogger(FailoverScenario.class);

	private FailoverScenario() {
	}

	/**
	 * Kill the third replica once the group is quiet, and wait until its partitions are
	 * processed again; before another kill, start it again.
	 * @param session the group of three
	 * @param failover where the figures go
	 * @param attempt the repetition, from 1
	 * @param attempts how many repetitions there are
	 */
	static void measure(GroupSession session, FailoverMeasurements failover, int attempt, int attempts) {
		GroupAssignment before = Quiet.await(session);
		ProcessorReplica victim = session.replicas().get(2);
		List<Integer> lost = before.partitionsByMember().get(victim.instanceId());
		if (lost == null || lost.isEmpty()) {
			throw new IllegalStateException(victim.instanceId() + " owns nothing in " + before);
		}
		long killedMicros = ProcessingGaps.nowMicros();
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
		if (attempt < attempts) {
			// The same static member comes back, after its session expired: a new member
			victim.start();
			session.awaitStable(3);
		}
	}

}
