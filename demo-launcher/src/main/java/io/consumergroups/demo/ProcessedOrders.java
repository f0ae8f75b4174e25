package io.consumergroups.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.consumergroups.harness.process.JvmProcess;
import tools.jackson.databind.JsonNode;

/**
 * How many orders each replica processed lately, by its own {@code orders.processed}
 * counter ({@code GET /actuator/metrics/orders.processed}), read every {@link #REFRESH}
 * at most: in a share group this shows that every member works, which its assignment
 * alone does not.
 */
final class ProcessedOrders {

	/** How far back "lately" goes. */
	static final Duration WINDOW = Duration.ofSeconds(10);

	/** Twelve HTTP reads every half second would be most of what the demo costs. */
	static final Duration REFRESH = Duration.ofSeconds(2);

	static final String METRIC = "/actuator/metrics/orders.processed";

	private final ServiceJson services;

	private final Supplier<List<JvmProcess>> replicas;

	/** Replica name to its counter's readings, oldest first. */
	private final Map<String, Deque<Reading>> readings = new HashMap<>();

	private Long lastRefresh;

	/**
	 * Counts the orders of replicas.
	 * @param services reads a replica's metrics
	 * @param replicas the replicas now, running or not
	 */
	ProcessedOrders(ServiceJson services, Supplier<List<JvmProcess>> replicas) {
		this.services = services;
		this.replicas = replicas;
	}

	/**
	 * The group with each member's orders of the last {@link #WINDOW}, reading the
	 * replicas' counters if the last reading is older than {@link #REFRESH}.
	 * @param group the group as read from the cluster
	 * @return the same group, its members with the orders they processed lately
	 */
	synchronized GroupReading addTo(GroupReading group) {
		long now = System.nanoTime();
		if (this.lastRefresh == null || now - this.lastRefresh >= REFRESH.toNanos()) {
			this.replicas.get()
				.forEach((replica) -> processed(replica).ifPresent((count) -> observe(replica.name(), count, now)));
			this.lastRefresh = now;
		}
		Map<String, Long> processed = new HashMap<>();
		group.members()
			.forEach((member) -> recent(replicaOf(member.name()), now)
				.ifPresent((count) -> processed.put(member.name(), count)));
		return group.withRecentlyProcessed(processed);
	}

	/**
	 * Takes a reading of a replica's counter.
	 * @param replica the replica's name
	 * @param count its counter
	 * @param nanos when, as {@link System#nanoTime()}
	 */
	synchronized void observe(String replica, long count, long nanos) {
		Deque<Reading> history = this.readings.computeIfAbsent(replica, (name) -> new ArrayDeque<>());
		if (!history.isEmpty() && history.peekLast().count() > count) {
			// Restarted: its counter began again from zero
			history.clear();
		}
		history.addLast(new Reading(nanos, count));
		// Keep one reading at least a window old, the baseline, and those after it
		while (history.size() > 1 && nanos - secondOf(history).nanos() >= WINDOW.toNanos()) {
			history.removeFirst();
		}
	}

	/**
	 * Orders a replica processed in the last {@link #WINDOW}: since its oldest reading if
	 * it has none that old yet.
	 * @param replica the replica's name
	 * @param nanos now, as {@link System#nanoTime()}
	 * @return the count, empty if the replica was never read
	 */
	synchronized OptionalLong recent(String replica, long nanos) {
		Deque<Reading> history = this.readings.get(replica);
		if (history == null || history.isEmpty()) {
			return OptionalLong.empty();
		}
		return OptionalLong.of(history.peekLast().count() - history.peekFirst().count());
	}

	/**
	 * The orders a replica processed since it started.
	 * @param replica the replica
	 * @return its count, empty if it does not answer
	 */
	Optional<Long> processed(JvmProcess replica) {
		return this.services.get(replica, METRIC).flatMap(ProcessedOrders::count);
	}

	private static Optional<Long> count(JsonNode metric) {
		for (JsonNode measurement : metric.path("measurements").values()) {
			if ("COUNT".equals(measurement.path("statistic").asString())) {
				return Optional.of((long) measurement.path("value").asDouble());
			}
		}
		return Optional.empty();
	}

	/**
	 * The replica a share group member belongs to: the container suffixes its client id,
	 * {@code order-processor-1-0} for the first consumer of {@code order-processor-1}. A
	 * member named as another is also suffixed with its member id,
	 * {@code order-processor-1-0/<member id>}: a restarted replica's next to the one it
	 * replaced, until that one's session times out.
	 */
	private String replicaOf(String member) {
		String clientId = member.contains("/") ? member.substring(0, member.indexOf('/')) : member;
		int suffix = clientId.lastIndexOf('-');
		String replica = (suffix > 0) ? clientId.substring(0, suffix) : clientId;
		return this.readings.containsKey(replica) ? replica : member;
	}

	private static Reading secondOf(Deque<Reading> history) {
		return history.stream().skip(1).findFirst().orElseThrow();
	}

	private record Reading(long nanos, long count) {

	}

}
