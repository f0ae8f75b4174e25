package io.consumergroups.demo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a group's assignment the way the demo shows it:
 *
 * <pre>
 * order-processors: 6 partitions over 3 members (2, 2, 2)
 *   partition  member             lag
 *   orders-0   order-processor-1    0
 *   orders-1   order-processor-1    4
 *   ...
 * </pre>
 *
 * followed, if some members own nothing, by a line naming them.
 */
final class AssignmentTable {

	private static final String NO_OWNER = "(unassigned)";

	private static final String NO_LAG = "-";

	private AssignmentTable() {
	}

	/**
	 * The one-line summary, e.g.
	 * {@code order-processors: 6 partitions over 3 members (2, 2, 2)}.
	 * @param assignment the group's assignment
	 * @return the summary, without a line break
	 */
	static String summary(GroupAssignment assignment) {
		List<GroupAssignment.Member> members = assignment.members();
		String counts = members.stream()
			.map((member) -> String.valueOf(member.partitions().size()))
			.collect(Collectors.joining(", ", " (", ")"));
		return "%s: %d partitions over %d %s%s".formatted(assignment.groupId(), assignment.partitions().size(),
				members.size(), (members.size() == 1) ? "member" : "members", members.isEmpty() ? "" : counts);
	}

	/**
	 * The summary, a row per partition, and the idle members if any.
	 * @param assignment the group's assignment
	 * @return lines, each ending with a line break
	 */
	static String format(GroupAssignment assignment) {
		int ownerWidth = assignment.partitions()
			.stream()
			.mapToInt((partition) -> partition.owner().orElse(NO_OWNER).length())
			.max()
			.orElse(0);
		int partitionWidth = assignment.partitions()
			.stream()
			.mapToInt((partition) -> partition.name().length())
			.max()
			.orElse(0);
		String row = "  %-" + Math.max(partitionWidth, "partition".length()) + "s  %-"
				+ Math.max(ownerWidth, "member".length()) + "s  %5s%n";
		StringBuilder table = new StringBuilder(summary(assignment)).append(System.lineSeparator());
		table.append(row.formatted("partition", "member", "lag"));
		for (GroupAssignment.Partition partition : assignment.partitions()) {
			String lag = partition.lag().isPresent() ? String.valueOf(partition.lag().getAsLong()) : NO_LAG;
			table.append(row.formatted(partition.name(), partition.owner().orElse(NO_OWNER), lag));
		}
		List<String> idle = assignment.members()
			.stream()
			.filter(GroupAssignment.Member::isIdle)
			.map(GroupAssignment.Member::name)
			.toList();
		if (!idle.isEmpty()) {
			table.append("  idle: ").append(String.join(", ", idle));
			if (assignment.members().size() > assignment.partitions().size()) {
				// A partition has at most one owner in a group: extra members wait as
				// standbys
				table.append(" (more members than partitions: they stand by until a member leaves)");
			}
			table.append(System.lineSeparator());
		}
		return table.toString();
	}

}
