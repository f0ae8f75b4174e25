package io.consumergroups.monitor.snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * Snapshots of a group on topic {@code orders}, for tests that need no broker.
 */
public final class GroupSnapshots {

	/** The time of the first snapshot; later ones are whole seconds after it. */
	public static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

	private final GroupType type;

	private final String assignor;

	private GroupState state = GroupState.STABLE;

	private Instant at = T0;

	private final List<MemberSnapshot> members = new ArrayList<>();

	private final Map<Integer, PartitionOffsets> partitions = new LinkedHashMap<>();

	private GroupSnapshots(GroupType type, String assignor) {
		this.type = type;
		this.assignor = assignor;
	}

	/**
	 * A consumer-protocol (KIP-848) group, stable, at {@link #T0}.
	 * @return a builder
	 */
	public static GroupSnapshots consumerGroup() {
		return new GroupSnapshots(GroupType.CONSUMER, "uniform");
	}

	/**
	 * A classic group with the given assignor, stable, at {@link #T0}.
	 * @param assignor e.g. {@code range} (eager) or {@code cooperative-sticky}
	 * @return a builder
	 */
	public static GroupSnapshots classicGroup(String assignor) {
		return new GroupSnapshots(GroupType.CLASSIC, assignor);
	}

	/**
	 * A share group (KIP-932), stable, at {@link #T0}: its members share partitions.
	 * @return a builder
	 */
	public static GroupSnapshots shareGroup() {
		return new GroupSnapshots(GroupType.SHARE, "");
	}

	public GroupSnapshots state(GroupState state) {
		this.state = state;
		return this;
	}

	public GroupSnapshots atSecond(long second) {
		this.at = T0.plusSeconds(second);
		return this;
	}

	/**
	 * A static member that owns (and targets) the given partitions of {@code orders}.
	 * @param name its instance id
	 * @param partitions its partitions
	 * @return this builder
	 */
	public GroupSnapshots member(String name, Integer... partitions) {
		List<PartitionId> assigned = Arrays.stream(partitions).map((p) -> new PartitionId("orders", p)).toList();
		this.members
			.add(new MemberSnapshot("id-" + name, name, name, "10.0.0.1", (this.type == GroupType.CLASSIC) ? null : 5,
					assigned, (this.type == GroupType.CLASSIC) ? null : assigned));
		return this;
	}

	/**
	 * Partitions {@code 0..count-1} of {@code orders}, with nothing written yet.
	 * @param count how many
	 * @return this builder
	 */
	public GroupSnapshots partitions(int count) {
		for (int partition = 0; partition < count; partition++) {
			offsets(partition, 0L, 0L);
		}
		return this;
	}

	public GroupSnapshots offsets(int partition, Long committed, long logEnd) {
		this.partitions.put(partition, new PartitionOffsets(new PartitionId("orders", partition), committed, logEnd));
		return this;
	}

	/**
	 * A share group's progress in a partition.
	 * @param partition the partition of {@code orders}
	 * @param startOffset the share-partition start offset
	 * @param lag the lag the share coordinator reports
	 * @param logEnd the log-end offset
	 * @return this builder
	 */
	public GroupSnapshots shareOffsets(int partition, long startOffset, long lag, long logEnd) {
		this.partitions.put(partition, new PartitionOffsets(new PartitionId("orders", partition), null, logEnd,
				new PartitionOffsets.ShareProgress(startOffset, lag)));
		return this;
	}

	public GroupSnapshot build() {
		return new GroupSnapshot("order-processors", this.type, this.state, this.assignor,
				(this.type == GroupType.CLASSIC) ? null : 5, (this.type == GroupType.CLASSIC) ? null : 5, this.members,
				List.copyOf(this.partitions.values()), this.at);
	}

}
