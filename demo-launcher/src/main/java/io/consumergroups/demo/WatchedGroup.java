package io.consumergroups.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.consumergroups.harness.group.GroupLag;
import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.group.GroupReader;
import org.apache.kafka.clients.admin.Admin;

/**
 * The group the demo watches, read from the cluster with the harness's
 * {@link GroupReader}, as {@code kafka-consumer-groups.sh --describe} reads a consumer
 * group: its members and their partitions from the group coordinator, then the topic's
 * partitions, the group's committed offsets and the partitions' end offsets. A share
 * group as {@code kafka-share-groups.sh --describe} does: its members and the partitions
 * each fetches from, and each partition's lag as the share coordinator reports it.
 */
final class WatchedGroup {

	/** Long enough for a leader election, short enough to keep the watch lively. */
	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final GroupReader reader;

	private final String groupId;

	private final String topic;

	private final boolean share;

	/**
	 * Reads a consumer or share group.
	 * @param admin the cluster
	 * @param groupId the group
	 * @param topic the topic whose partitions it reads
	 * @param share whether it is a share group
	 */
	WatchedGroup(Admin admin, String groupId, String topic, boolean share) {
		this.reader = new GroupReader(admin, TIMEOUT);
		this.groupId = groupId;
		this.topic = topic;
		this.share = share;
	}

	/**
	 * Reads the group now.
	 * @return the group; without members if it does not exist yet
	 * @throws IllegalStateException if the cluster does not answer in time
	 */
	GroupReading read() {
		GroupAssignment group = this.share ? this.reader.shareGroup(this.groupId, this.topic)
				: this.reader.consumerGroup(this.groupId, this.topic);
		int partitionCount = this.reader.partitionCount(this.topic);
		Map<Integer, Long> lags = this.share ? shareLags() : lags(partitionCount);
		return new GroupReading(group, this.share, partitionCount, lags, Map.of());
	}

	/**
	 * Each partition's end offset minus the group's committed offset on it, none where it
	 * has not committed yet; at least 0 on the table, where the harness's
	 * {@link GroupLag} leaves clamping to a display.
	 */
	private Map<Integer, Long> lags(int partitionCount) {
		if (partitionCount == 0) {
			return Map.of();
		}
		Map<Integer, Long> lags = new HashMap<>();
		for (GroupLag.PartitionLag partition : this.reader.lag(this.groupId, this.topic).partitions()) {
			long end = partition.endOffset();
			partition.committed()
				.ifPresent((committed) -> lags.put(partition.partition(), Math.max(0, end - committed)));
		}
		return lags;
	}

	/**
	 * The lag the share coordinator reports for each partition: the records from the
	 * share group's start offset to the end not yet acknowledged or archived.
	 */
	private Map<Integer, Long> shareLags() {
		Map<Integer, Long> lags = new HashMap<>();
		this.reader.shareOffsets(this.groupId, this.topic)
			.forEach((partition, offsets) -> offsets.lag().ifPresent((lag) -> lags.put(partition, lag)));
		return lags;
	}

}
