package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How fast a group works through a backlog, measured the same way whatever the consumer
 * is (order-processor, a plain loop): from the offsets the group commits on
 * {@code orders}, sampled through the Admin API. A committed offset is progress that
 * survives a crash, so this is throughput with the guarantee included. A share group
 * commits no offsets: its progress is counted by the caller instead (the statuses its
 * members published), with the same windows.
 * <p>
 * After the first commit and a warm-up of fixed length (for the JIT compiler, the page
 * cache and the group), it measures consecutive windows. A window ends after its duration
 * or after its share of what is left of the backlog, whichever comes first, so that a
 * consumer faster than the backlog was sized for still gets every window. Samples are 200
 * ms apart, so a window can overshoot its share; if the group reaches the end of the
 * backlog anyway, the window it reached it in is left out, and so are the ones after it:
 * they would count time without records.
 */
public final class ConsumptionRate {

	private static final Logger logger = LoggerFactory.getLogger(ConsumptionRate.class);

	private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);

	private static final Duration FIRST_COMMIT_TIMEOUT = Duration.ofMinutes(3);

	private ConsumptionRate() {
	}

	/**
	 * Measure.
	 * @param groups the cluster's groups
	 * @param groupId the group
	 * @param backlog how many records the group can still consume from when it starts
	 * @param warmUp time left out after the first commit
	 * @param window the length of one window
	 * @param windows how many windows
	 * @param alive checked at every sample: throws if a process died
	 * @return records per second, one sample per window
	 */
	public static Samples measure(GroupReader groups, String groupId, long backlog, Duration warmUp, Duration window,
			int windows, Runnable alive) {
		return measure(groupId, committed(groups, groupId), backlog, warmUp, window, windows, alive);
	}

	/**
	 * Measure from a count of records done that only grows.
	 * @param groupId the group, for the log
	 * @param progress how many records the group has done so far
	 * @param backlog how many records the group can still consume from when it starts
	 * @param warmUp time left out after the first record done
	 * @param window the length of one window
	 * @param windows how many windows
	 * @param alive checked at every sample: throws if a process died
	 * @return records per second, one sample per window
	 */
	public static Samples measure(String groupId, LongSupplier progress, long backlog, Duration warmUp, Duration window,
			int windows, Runnable alive) {
		return Samples.of(windows(groupId, progress, backlog, warmUp, window, windows, alive).stream()
			.map(Window::rate)
			.toList());
	}

	/**
	 * Measure, with the CPU that the harness's processes used in each window.
	 * @param groups the cluster's groups
	 * @param groupId the group
	 * @param backlog how many records the group can still consume from when it starts
	 * @param warmUp time left out after the first commit
	 * @param window the length of one window
	 * @param windows how many windows
	 * @param alive checked at every sample: throws if a process died
	 * @return the windows measured: fewer than asked for if the backlog ran out
	 */
	public static List<Window> windows(GroupReader groups, String groupId, long backlog, Duration warmUp,
			Duration window, int windows, Runnable alive) {
		return windows(groupId, committed(groups, groupId), backlog, warmUp, window, windows, alive);
	}

	/**
	 * The records of {@code orders} a group has committed past: one Admin call a sample.
	 */
	private static LongSupplier committed(GroupReader groups, String groupId) {
		return () -> groups.committedTotal(groupId, Topics.ORDERS);
	}

	private static List<Window> windows(String groupId, LongSupplier progress, long backlog, Duration warmUp,
			Duration window, int windows, Runnable alive) {
		long firstCommitDeadline = System.nanoTime() + FIRST_COMMIT_TIMEOUT.toNanos();
		long start = progress.getAsLong();
		while (progress.getAsLong() <= start) {
			alive.run();
			if (System.nanoTime() > firstCommitDeadline) {
				throw new IllegalStateException("Group " + groupId + " committed nothing in " + FIRST_COMMIT_TIMEOUT);
			}
			Pause.of(SAMPLE_INTERVAL);
		}
		Sample from = sampleUntil(progress, sample(progress), warmUp, Long.MAX_VALUE, alive);
		CpuUse.Snapshot cpuFrom = CpuUse.take();
		List<Window> measured = new ArrayList<>();
		for (int i = 0; i < windows; i++) {
			long left = backlog - (from.committed - start);
			if (left <= 0) {
				logger.warn("Group {} consumed its backlog of {} records while warming up or in window {} of {}: "
						+ "measured {} windows", groupId, backlog, i, windows, measured.size());
				break;
			}
			Sample to = sampleUntil(progress, from, window, left / (windows - i + 1), alive);
			CpuUse.Snapshot cpuTo = CpuUse.take();
			if (to.committed - start >= backlog) {
				logger.warn("Group {} consumed its backlog of {} records in window {} of {}: measured {} windows",
						groupId, backlog, i + 1, windows, measured.size());
				break;
			}
			measured.add(
					new Window(to.committed - from.committed, (to.atNanos - from.atNanos) / 1e9, cpuFrom.until(cpuTo)));
			from = to;
			cpuFrom = cpuTo;
		}
		return measured;
	}

	private static Sample sampleUntil(LongSupplier progress, Sample from, Duration duration, long share,
			Runnable alive) {
		while (true) {
			Pause.of(SAMPLE_INTERVAL);
			alive.run();
			Sample now = sample(progress);
			if (now.atNanos - from.atNanos >= duration.toNanos() || now.committed - from.committed >= share) {
				return now;
			}
		}
	}

	private static Sample sample(LongSupplier progress) {
		long before = System.nanoTime();
		long committed = progress.getAsLong();
		// The answer reflects the broker's state at some point during the request
		return new Sample((before + System.nanoTime()) / 2, committed);
	}

	private record Sample(long atNanos, long committed) {

	}

	/**
	 * One measured window.
	 *
	 * @param records records whose offsets the group committed in it
	 * @param seconds how long it was
	 * @param cpu what the harness's processes used meanwhile
	 */
	public record Window(long records, double seconds, CpuUse.Interval cpu) {

		/**
		 * Records per second.
		 * @return the rate
		 */
		public double rate() {
			return this.records / this.seconds;
		}

		/**
		 * The CPU time that processes of a role used per record committed.
		 * @param role the role
		 * @return microseconds of CPU per record, {@code NaN} for a window without
		 * records
		 */
		public double cpuMicrosPerRecord(CpuUse.Role role) {
			return perRecord(this.cpu.byRole().get(role));
		}

		/**
		 * The CPU time that the JIT compiler threads of a role's processes used per
		 * record committed: part of {@link #cpuMicrosPerRecord(CpuUse.Role)}.
		 * @param role the role
		 * @return microseconds of CPU per record, {@code NaN} where unknown or for a
		 * window without records
		 */
		public double jitMicrosPerRecord(CpuUse.Role role) {
			return perRecord(this.cpu.jitByRole().get(role));
		}

		private double perRecord(double cores) {
			return (this.records > 0) ? cores * this.cpu.seconds() * 1e6 / this.records : Double.NaN;
		}

	}

}
