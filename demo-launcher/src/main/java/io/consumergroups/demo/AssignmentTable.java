package io.consumergroups.demo;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import io.consumergroups.harness.group.GroupAssignment;

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
 * followed, if some members own nothing, by a line naming them. A share group, whose
 * partitions have several members each, as a row per partition with all its members, then
 * a row per member with the partitions it fetches from and the orders it processed
 * lately:
 *
 * <pre>
 * order-processors-share (share group): 12 members fetch from 6 partitions (2, 2, 2, 2, 2, 2 per partition)
 *   partition  members                                   lag
 *   orders-0   order-processor-1-0, order-processor-7-0    3
 *   ...
 *   member               partitions  orders (last 10 s)
 *   order-processor-1-0  0                           38
 *   ...
 * </pre>
 */
final class AssignmentTable {

	private static final String NO_OWNER = "(unassigned)";

	private static final String NO_LAG = "-";

	private static final String RECENT_HEADING = "orders (last " + ProcessedOrders.WINDOW.toSeconds() + " s)";

	private AssignmentTable() {
	}

	/**
	 * The one-line summary, e.g.
	 * {@code order-processors: 6 partitions over 3 members (2, 2, 2)}.
	 * @param assignment the group's assignment
	 * @return the summary, without a line break
	 */
	static String summary(GroupReading assignment) {
		List<GroupAssignment.Member> members = assignment.members();
		if (assignment.share()) {
			String perPartition = assignment.partitions()
				.stream()
				.map((partition) -> String.valueOf(partition.members().size()))
				.collect(Collectors.joining(", ", " (", " per partition)"));
			int partitions = assignment.partitions().size();
			return "%s (share group): %d %s from %d %s%s".formatted(assignment.groupId(), members.size(),
					(members.size() == 1) ? "member fetches" : "members fetch", partitions,
					(partitions == 1) ? "partition" : "partitions", members.isEmpty() ? "" : perPartition);
		}
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
	static String format(GroupReading assignment) {
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
		String ownerHeading = assignment.share() ? "members" : "member";
		String row = "  %-" + Math.max(partitionWidth, "partition".length()) + "s  %-"
				+ Math.max(ownerWidth, ownerHeading.length()) + "s  %5s%n";
		StringBuilder table = new StringBuilder(summary(assignment)).append(System.lineSeparator());
		table.append(row.formatted("partition", ownerHeading, "lag"));
		for (GroupReading.Partition partition : assignment.partitions()) {
			String lag = partition.lag().isPresent() ? String.valueOf(partition.lag().getAsLong()) : NO_LAG;
			table.append(row.formatted(partition.name(), partition.owner().orElse(NO_OWNER), lag));
		}
		if (assignment.share()) {
			appendShareMembers(table, assignment);
		}
		List<String> idle = assignment.members()
			.stream()
			.filter((member) -> member.partitions().isEmpty())
			.map(GroupAssignment.Member::name)
			.toList();
		if (!idle.isEmpty()) {
			table.append("  idle: ").append(String.join(", ", idle));
			if (!assignment.share() && assignment.members().size() > assignment.partitions().size()) {
				// A partition has at most one owner in a group: extra members wait as
				// standbys
				table.append(" (more members than partitions: they stand by until a member leaves)");
			}
			table.append(System.lineSeparator());
		}
		return table.toString();
	}

	/**
	 * A row per member of a share group: the partitions it fetches from, and how many
	 * orders it processed lately, which shows whether every member works.
	 */
	private static void appendShareMembers(StringBuilder table, GroupReading assignment) {
		List<GroupAssignment.Member> members = assignment.members();
		int nameWidth = members.stream().mapToInt((member) -> member.name().length()).max().orElse(0);
		String row = "  %-" + Math.max(nameWidth, "member".length()) + "s  %-10s  %s%n";
		table.append(row.formatted("member", "partitions", RECENT_HEADING));
		for (GroupAssignment.Member member : members) {
			String partitions = member.partitions().stream().map(String::valueOf).collect(Collectors.joining(","));
			OptionalLong recent = assignment.recentlyProcessed(member.name());
			String processed = recent.isPresent() ? String.valueOf(recent.getAsLong()) : NO_LAG;
			table.append(row.formatted(member.name(), partitions.isEmpty() ? NO_LAG : partitions,
					" ".repeat(Math.max(0, RECENT_HEADING.length() - processed.length())) + processed));
		}
	}

}
