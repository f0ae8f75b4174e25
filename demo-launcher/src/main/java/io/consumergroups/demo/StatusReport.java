package io.consumergroups.demo;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code status} command: the group as the cluster sees it, next to what each replica
 * says it owns ({@code GET /assignment}) and what the producer generates
 * ({@code GET /generator}). During a rebalance the two views differ for a moment.
 */
final class StatusReport {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Prints the report.
	 * @param console where to print
	 * @param group the group as last read from the cluster, if it was
	 * @param producer the producer
	 * @param processors the replicas
	 */
	void print(PrintStream console, Optional<GroupAssignment> group, ServiceProcess producer,
			List<ServiceProcess> processors) {
		group.ifPresentOrElse((assignment) -> {
			console.println(assignment.groupId() + " is " + assignment.state());
			console.print(AssignmentTable.format(assignment));
		}, () -> console.println("The group has not been read from the cluster yet"));
		int width = processors.stream().mapToInt((processor) -> processor.name().length()).max().orElse(0);
		width = Math.max(width, producer.name().length());
		String line = "%-" + width + "s  pid %-7d %-22s  %s%n";
		for (ServiceProcess processor : processors) {
			console.printf(line, processor.name(), processor.pid(), processor.url(), replicaSummary(processor));
		}
		console.printf(line, producer.name(), producer.pid(), producer.url(), producerSummary(producer));
	}

	private String replicaSummary(ServiceProcess replica) {
		return get(replica, "/assignment").map((assignment) -> {
			List<String> owned = assignment.path("partitions").values().stream().map(JsonNode::asString).toList();
			return "owns " + owned + " " + history(assignment);
		}).orElseGet(() -> unreachable(replica));
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

	private String producerSummary(ServiceProcess producer) {
		return get(producer, "/generator").map((generator) -> "generator " + generator)
			.orElseGet(() -> unreachable(producer));
	}

	private static String unreachable(ServiceProcess service) {
		return service.isAlive() ? "not answering yet (starting?)" : "not running: see " + service.logFile();
	}

	private Optional<JsonNode> get(ServiceProcess service, String path) {
		if (!service.isAlive()) {
			return Optional.empty();
		}
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(TIMEOUT).build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Optional.of(this.json.readTree(response.body())) : Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

}
