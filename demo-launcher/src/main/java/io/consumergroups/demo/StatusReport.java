package io.consumergroups.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.consumergroups.harness.process.JvmProcess;
import tools.jackson.databind.JsonNode;

/**
 * The {@code status} command: the group as the cluster sees it, next to what each replica
 * says it owns ({@code GET /assignment}) and what the producer generates
 * ({@code GET /generator}). During a rebalance the two views differ for a moment.
 */
final class StatusReport {

	private final ServiceJson services;

	private final ProcessedOrders processedOrders;

	StatusReport(ServiceJson services, ProcessedOrders processedOrders) {
		this.services = services;
		this.processedOrders = processedOrders;
	}

	/**
	 * Prints the report.
	 * @param console where to print
	 * @param group the group as last read from the cluster, if it was
	 * @param producer the producer
	 * @param processors the replicas
	 * @param share whether the replicas are share group members, which own no partitions
	 * of their own: each one's processed orders say more
	 */
	void print(PrintStream console, Optional<GroupReading> group, JvmProcess producer, List<JvmProcess> processors,
			boolean share) {
		group.ifPresentOrElse((assignment) -> {
			console.println(assignment.groupId() + " is " + assignment.state());
			console.print(AssignmentTable.format(assignment));
		}, () -> console.println("The group has not been read from the cluster yet"));
		int width = processors.stream().mapToInt((processor) -> processor.name().length()).max().orElse(0);
		width = Math.max(width, producer.name().length());
		String line = "%-" + width + "s  pid %-7d %-22s  %s%n";
		for (JvmProcess processor : processors) {
			console.printf(line, processor.name(), processor.pid(), processor.url(),
					share ? processedSummary(processor) : replicaSummary(processor));
		}
		console.printf(line, producer.name(), producer.pid(), producer.url(), producerSummary(producer));
	}

	private String replicaSummary(JvmProcess replica) {
		return this.services.get(replica, "/assignment").map((assignment) -> {
			List<String> owned = assignment.path("partitions").values().stream().map(JsonNode::asString).toList();
			return "owns " + owned + " " + history(assignment);
		}).orElseGet(() -> unreachable(replica));
	}

	private String processedSummary(JvmProcess replica) {
		return this.processedOrders.processed(replica)
			.map((count) -> "processed " + count + " orders since it started")
			.orElseGet(() -> unreachable(replica));
	}

	/**
	 * How often the replica's partitions changed: the totals since it started if it
	 * reports them, else the number of changes it keeps.
	 */
	private static String history(JsonNode assignment) {
		JsonNode totals = assignment.path("totals");
		if (totals.isObject()) {
			return totals.properties()
				.stream()
				.map((total) -> total.getKey() + " " + total.getValue().asString())
				.collect(Collectors.joining(", ", "(", ")"));
		}
		int changes = assignment.path("changes").size();
		return "after " + changes + ((changes == 1) ? " change" : " changes");
	}

	private String producerSummary(JvmProcess producer) {
		return this.services.get(producer, "/generator")
			.map((generator) -> "generator " + generator)
			.orElseGet(() -> unreachable(producer));
	}

	private static String unreachable(JvmProcess service) {
		return service.isAlive() ? "not answering yet (starting?)" : "not running: see " + service.log();
	}

}
