package io.consumergroups.monitor.lag;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.snapshot.PartitionOffsets;

/**
 * How fast a group consumes and its topics fill, between two snapshots of the group.
 *
 * @param consumedPerSecond records per second by which the committed offsets advanced
 * @param producedPerSecond records per second by which the log-end offsets advanced
 * @param lagTrendPerSecond records per second by which the lag grew (negative: shrank)
 * @param over the time between the two snapshots
 */
public record Throughput(double consumedPerSecond, double producedPerSecond, double lagTrendPerSecond, Duration over) {

	/**
	 * Compare two snapshots of one group, partition by partition. A partition counts only
	 * where both snapshots know its offsets; an offset that went back (a reset) counts as
	 * no progress.
	 * @param from the earlier snapshot
	 * @param to the later snapshot
	 * @return the rates between them
	 */
	public static Throughput between(GroupSnapshot from, GroupSnapshot to) {
		double seconds = Duration.between(from.observedAt(), to.observedAt()).toMillis() / 1000.0;
		Map<PartitionId, PartitionOffsets> before = from.partitions()
			.stream()
			.collect(Collectors.toMap(PartitionOffsets::partition, Function.identity()));
		long consumed = 0;
		long produced = 0;
		long lagChange = 0;
		for (PartitionOffsets now : to.partitions()) {
			PartitionOffsets then = before.get(now.partition());
			if (then == null) {
				continue;
			}
			produced += Math.max(0, now.logEnd() - then.logEnd());
			if (now.committed() != null && then.committed() != null) {
				consumed += Math.max(0, now.committed() - then.committed());
				lagChange += now.lag() - then.lag();
			}
		}
		return new Throughput(consumed / seconds, produced / seconds, lagChange / seconds,
				Duration.between(from.observedAt(), to.observedAt()));
	}

}
