package io.consumergroups.monitor.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.consumergroups.monitor.advice.ScalingAdvice;
import io.consumergroups.monitor.lag.ConsumerLag;
import io.consumergroups.monitor.lag.Throughput;
import io.consumergroups.monitor.rebalance.AssignmentChange;
import io.consumergroups.monitor.rebalance.Rebalance;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;

/**
 * Everything the monitor knows about one group after a poll: the snapshot, and what
 * comparing it with the earlier ones showed.
 *
 * @param snapshot the group as the Admin API described it
 * @param owners who owns each partition (member key, {@code null} if nobody); during a
 * classic rebalance, the owners from before it
 * @param unownedSince since when each unowned partition has had no owner
 * @param idleMembers members with no partition in a stable group
 * @param throughput the recent consume and produce rates; empty while being measured
 * @param lag how far behind the group is, in records and seconds
 * @param advice what to do with the member count
 * @param changes what changed since the previous poll
 * @param rebalanceStarted whether a rebalance started with this poll
 * @param rebalanceEnded the rebalance this poll showed to be over, or {@code null}
 * @param rebalanceCount rebalances seen since the monitor started
 * @param rebalances the latest rebalances, latest first
 */
public record GroupObservation(GroupSnapshot snapshot, Map<PartitionId, String> owners,
		Map<PartitionId, Instant> unownedSince, List<MemberSnapshot> idleMembers, Optional<Throughput> throughput,
		ConsumerLag lag, ScalingAdvice advice, List<AssignmentChange> changes, boolean rebalanceStarted,
		Rebalance rebalanceEnded, long rebalanceCount, List<Rebalance> rebalances) {

	public String groupId() {
		return this.snapshot.groupId();
	}

}
