package io.consumergroups.monitor.advice;

import java.util.Locale;
import java.util.Optional;

import io.consumergroups.monitor.advice.ScalingAdvice.Action;
import io.consumergroups.monitor.lag.Throughput;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import org.apache.kafka.common.GroupType;

/**
 * Advice on a group's member count from its lag trend and throughput. A partition has one
 * owner in a group, so a group scales up to one member per partition and no further: past
 * that, members idle, and only more partitions (or faster members) help.
 * <p>
 * It assumes members are alike and share the load evenly, so that {@code n} members
 * consuming {@code c} records/s against {@code p} produced need about {@code n × p / c}
 * members to keep up.
 */
public final class ScalingAdvisor {

	/** Lag changes slower than this (records/s) are noise: commit batches, timing. */
	private static final double MIN_TREND = 1.0;

	/** Lag growing by less than this share of the produce rate is noise too. */
	private static final double TREND_TOLERANCE = 0.05;

	private ScalingAdvisor() {
	}

	/**
	 * Advise on one group.
	 * @param group the group now
	 * @param throughput its recent throughput, empty while it is being measured
	 * @return the advice
	 */
	public static ScalingAdvice advise(GroupSnapshot group, Optional<Throughput> throughput) {
		int members = group.members().size();
		int partitions = group.partitionCount();
		long lag = group.lagRecords();
		if (group.type() == GroupType.SHARE) {
			return new ScalingAdvice(Action.HOLD, members, members, partitions, false,
					"A share group's members share partitions: its size is not bound by the partition count.");
		}
		if (partitions == 0) {
			return new ScalingAdvice(Action.HOLD, members, members, 0, false, "The group reads no partition yet.");
		}
		if (members > partitions) {
			int idle = Math.max(group.idleMembers().size(), members - partitions);
			return new ScalingAdvice(Action.SCALE_DOWN, members, partitions, partitions, true, format(
					"%d of %d members idle: %d partitions keep at most %d members busy. Remove %d, or add partitions.",
					idle, members, partitions, partitions, members - partitions));
		}
		if (members == 0) {
			return (lag > 0)
					? new ScalingAdvice(Action.SCALE_UP, 0, 1, partitions, false,
							format("No member consumes the %d records waiting: start at least one (at most %d).", lag,
									partitions))
					: new ScalingAdvice(Action.HOLD, 0, 0, partitions, false, "No members and nothing to consume.");
		}
		if (throughput.isEmpty()) {
			return new ScalingAdvice(Action.OBSERVING, members, members, partitions, false,
					"Measuring the group's throughput.");
		}
		return adviseFromTrend(members, partitions, lag, throughput.get());
	}

	private static ScalingAdvice adviseFromTrend(int members, int partitions, long lag, Throughput throughput) {
		double consumed = throughput.consumedPerSecond();
		double produced = throughput.producedPerSecond();
		double trend = throughput.lagTrendPerSecond();
		long window = throughput.over().toSeconds();
		if (lag > 0 && consumed == 0) {
			return new ScalingAdvice(Action.CHECK_MEMBERS, members, members, partitions, false, format(
					"The members consumed nothing in %d s while %d records wait: find out why (stuck on a record? paused?) before scaling.",
					window, lag));
		}
		boolean growing = lag > 0 && trend > Math.max(MIN_TREND, TREND_TOLERANCE * produced);
		if (!growing) {
			String reason = (lag > 0 && trend < -MIN_TREND)
					? format("Keeping up: lag shrinks by %.0f records/s (consuming %.0f/s, producing %.0f/s).", -trend,
							consumed, produced)
					: format("Keeping up: consuming %.0f records/s, producing %.0f/s.", consumed, produced);
			return new ScalingAdvice(Action.HOLD, members, members, partitions, false, reason);
		}
		int needed = (int) Math.ceil(members * produced / consumed);
		if (members >= partitions) {
			return new ScalingAdvice(Action.HOLD, members, members, partitions, true, format(
					"Lag grows by %.0f records/s with one member per partition already: the partition count (%d) is the limit. Add partitions or make each member faster.",
					trend, partitions));
		}
		int recommended = Math.min(Math.max(needed, members + 1), partitions);
		boolean limited = needed > partitions;
		String reason = format(
				"Lag grows by %.0f records/s (consuming %.0f/s, producing %.0f/s): about %d members would keep up.",
				trend, consumed, produced, needed);
		if (limited) {
			reason += format(" Scale to %d: the partition count is the limit, beyond it add partitions.", partitions);
		}
		return new ScalingAdvice(Action.SCALE_UP, members, recommended, partitions, limited, reason);
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
