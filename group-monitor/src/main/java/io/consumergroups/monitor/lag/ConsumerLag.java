package io.consumergroups.monitor.lag;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far behind a group is: in records, and in seconds estimated as the time it would
 * take to consume them at the group's recent pace.
 * <p>
 * The estimate divides the lag by the rate at which the group's committed offsets
 * advanced over the throughput window (e.g. the last 30 s), measured by the monitor from
 * its own successive snapshots. It needs no extra reads from the brokers and answers the
 * operator's question "how long until this backlog is gone, if nothing changes". It is
 * {@code null} (unknown) while the monitor has watched the group for less than the
 * window's minimum, and when the group committed nothing over the window although it has
 * lag: a group that stopped or is stuck never catches up at its current pace. New records
 * arriving meanwhile are not counted: the lag trend and the scaling advice say whether
 * the group keeps up with them.
 *
 * @param records records written and not yet consumed, summed over partitions
 * @param seconds the estimate, or {@code null} when unknown
 * @param estimate how the estimate was made, or why it is unknown
 */
public record ConsumerLag(long records, Double seconds, String estimate) {

	/**
	 * Estimate the lag in seconds.
	 * @param records the lag in records
	 * @param throughput the group's recent throughput, empty while it is being measured
	 * @param window the throughput window, for the explanation
	 * @return the lag in records and in seconds
	 */
	public static ConsumerLag estimate(long records, Optional<Throughput> throughput, Duration window) {
		if (records == 0) {
			return new ConsumerLag(0, 0.0, "caught up");
		}
		if (throughput.isEmpty()) {
			return new ConsumerLag(records, null, "unknown until the consume rate is measured");
		}
		double rate = throughput.get().consumedPerSecond();
		if (rate <= 0) {
			return new ConsumerLag(records, null,
					"unknown: the group consumed nothing in the last " + window.toSeconds() + " s");
		}
		return new ConsumerLag(records, records / rate, String.format(Locale.ROOT,
				"lag / consume rate over the last %d s (%.1f records/s)", throughput.get().over().toSeconds(), rate));
	}

}
