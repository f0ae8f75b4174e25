package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.util.OptionalLong;

import io.consumergroups.benchmarks.harness.Pause;
import io.consumergroups.harness.group.GroupAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group just before an event, and its lag then: what each join, control, static
 * restart and kill waits for, so that it starts from a settled group and not in the
 * middle of the last event.
 *
 * @param group the group
 * @param lag orders not committed
 */
record Quiet(GroupAssignment group, long lag) {

	/**
	 * The most orders not committed yet, over all partitions, for the group to count as
	 * caught up before an event: 100 ms of orders.
	 */
	static final long CAUGHT_UP_LAG = RebalanceBenchmark.EVENT_RATE / 10;

	/**
	 * How long a P3 event waits for the group to catch up with
	 * {@link RebalanceBenchmark#EVENT_RATE}; on a loaded machine the first, after the
	 * rate went up, can take minutes. An event whose group is still behind then is
	 * skipped: its gaps would count only the orders processed.
	 */
	static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(3);

	/** The longest gap in the steady-state window that counts as quiet. */
	static final long QUIET_GAP_MILLIS = 500;

	static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

	/** Time for the group to settle after an event before its owners are read. */
	static final Duration SETTLE = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(Quiet.class);

	/**
	 * Quiet time before each event: the group settles from the last one, and the window
	 * just before the event shows that it did.
	 */
	private static final Duration BEFORE_EVENT = Duration.ofSeconds(6);

	private static final long BASELINE_MICROS = 5_000_000;

	/**
	 * Waits until the group is stable with three members and the steady-state window (the
	 * baseline's: from 6 s to 1 s ago) had no gap above {@link #QUIET_GAP_MILLIS}, for at
	 * most {@link #QUIET_TIMEOUT}. A consumer-protocol group reports itself stable while
	 * members still reconcile the previous change, so a fixed pause alone started some
	 * events in the middle of the last one.
	 * @param session the group
	 * @return the group as it was when quiet
	 */
	static GroupAssignment await(GroupSession session) {
		return await(session, Long.MAX_VALUE, QUIET_TIMEOUT).group();
	}

	/**
	 * Waits as {@link #await(GroupSession)}, and until the group has at most
	 * {@link #CAUGHT_UP_LAG} orders not committed, for at most {@link #CATCH_UP_TIMEOUT}.
	 * @param session the group
	 * @return the group as it was when quiet, and its lag then: see {@link #caughtUp()}
	 */
	static Quiet awaitCaughtUp(GroupSession session) {
		return await(session, CAUGHT_UP_LAG, CATCH_UP_TIMEOUT);
	}

	/**
	 * Waits as {@link #await(GroupSession)}, and until the group has at most so many
	 * orders not committed: a gap counts only orders processed, so a partition that fell
	 * behind would not show in it.
	 * @param session the group
	 * @param maxLag the most orders not committed
	 * @param timeout how long at most
	 * @return the group as it was when quiet, and its lag then: above {@code maxLag} if
	 * it did not catch up in time
	 */
	static Quiet await(GroupSession session, long maxLag, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		session.awaitStable(3);
		Pause.of(BEFORE_EVENT);
		long lag = session.lag();
		while (System.nanoTime() < deadline) {
			OptionalLong gap = baseline(session.gaps(), ProcessingGaps.nowMicros());
			lag = session.lag();
			if (gap.isPresent() && gap.getAsLong() <= QUIET_GAP_MILLIS && lag <= maxLag) {
				break;
			}
			logger.info("Waiting for {} to settle: a gap of {} in the last 5 s, {} orders not committed",
					session.membership().groupId(), ProcessingGaps.describe(gap), lag);
			Pause.of(Duration.ofSeconds(1));
			session.awaitStable(3);
		}
		if (lag > maxLag) {
			logger.warn("{} still has {} orders not committed after {} s", session.membership().groupId(), lag,
					timeout.toSeconds());
		}
		return new Quiet(session.awaitStable(3), lag);
	}

	/**
	 * Whether the group caught up before the event: if not, the event is skipped.
	 * @return whether at most {@link #CAUGHT_UP_LAG} orders were not committed
	 */
	boolean caughtUp() {
		return this.lag <= CAUGHT_UP_LAG;
	}

	private static OptionalLong baseline(ProcessingGaps gaps, long eventMicros) {
		return gaps.longestGapMillis(GroupSession.ALL_PARTITIONS, eventMicros - BASELINE_MICROS - 1_000_000,
				eventMicros - 1_000_000);
	}

}
