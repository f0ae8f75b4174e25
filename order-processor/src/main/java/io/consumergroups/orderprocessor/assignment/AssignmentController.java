package io.consumergroups.orderprocessor.assignment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /assignment}: which partitions this replica owns, and how that came to be.
 */
@RestController
class AssignmentController {

	private final PartitionAssignmentLog assignmentLog;

	AssignmentController(PartitionAssignmentLog assignmentLog) {
		this.assignmentLog = assignmentLog;
	}

	@GetMapping("/assignment")
	Assignment assignment() {
		PartitionAssignmentLog.Snapshot snapshot = this.assignmentLog.snapshot();
		List<Change> changes = snapshot.changes()
			.stream()
			.map((change) -> new Change(change.kind().name().toLowerCase(), names(change.partitions()),
					names(change.owned()), change.at()))
			.toList();
		Map<String, Long> totals = new TreeMap<>();
		for (PartitionAssignmentLog.Change.Kind kind : PartitionAssignmentLog.Change.Kind.values()) {
			totals.put(kind.name().toLowerCase(), snapshot.totals().getOrDefault(kind, 0L));
		}
		return new Assignment(snapshot.instanceId(), names(snapshot.owned()), totals, changes);
	}

	private static List<String> names(List<TopicPartition> partitions) {
		return partitions.stream().map(TopicPartition::toString).toList();
	}

	/**
	 * @param instanceId the replica
	 * @param partitions what it owns now
	 * @param totals how many times partitions were assigned, revoked or lost since start
	 * @param changes the latest changes, oldest first
	 */
	record Assignment(String instanceId, List<String> partitions, Map<String, Long> totals, List<Change> changes) {

	}

	record Change(String kind, List<String> partitions, List<String> owned, Instant at) {

	}

}
