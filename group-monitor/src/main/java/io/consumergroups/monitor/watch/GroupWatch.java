package io.consumergroups.monitor.watch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.consumergroups.monitor.admin.ConsumerGroupReader;
import io.consumergroups.monitor.config.MonitorProperties;
import io.consumergroups.monitor.rebalance.AssignmentChange;
import io.consumergroups.monitor.rebalance.Rebalance;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls every group once per poll interval, on one thread: reads them
 * ({@link ConsumerGroupReader}), lets each group's {@link GroupObserver} compare the new
 * snapshot with the earlier ones, keeps the result for {@code GET /api/groups} and
 * publishes it as {@link GroupsObserved}.
 */
@Component
public class GroupWatch implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(GroupWatch.class);

	private final ConsumerGroupReader reader;

	private final MonitorProperties properties;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	/** Touched by the polling thread only. */
	private final Map<String, GroupObserver> observers = new HashMap<>();

	private volatile List<GroupObservation> groups = List.of();

	private volatile String failure;

	private ScheduledExecutorService executor;

	GroupWatch(ConsumerGroupReader reader, MonitorProperties properties, ApplicationEventPublisher events,
			Clock clock) {
		this.reader = reader;
		this.properties = properties;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "group-watch");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::poll, 0, this.properties.pollInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		logger.info("Watching every group, every {} ms", this.properties.pollInterval().toMillis());
	}

	@Override
	public synchronized void stop() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(this.properties.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.executor = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * The groups as of the latest poll.
	 * @return every group, in the reader's order (the first groups, then by id)
	 */
	public List<GroupObservation> groups() {
		return this.groups;
	}

	/**
	 * One group as of the latest poll.
	 * @param groupId the group
	 * @return the group, empty if the latest poll did not see it
	 */
	public Optional<GroupObservation> group(String groupId) {
		return this.groups.stream().filter((group) -> group.groupId().equals(groupId)).findFirst();
	}

	/**
	 * Why the latest poll failed.
	 * @return the failure, empty if it succeeded
	 */
	public Optional<String> failure() {
		return Optional.ofNullable(this.failure);
	}

	void poll() {
		List<GroupSnapshot> snapshots;
		try {
			snapshots = this.reader.read();
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				return; // stopping
			}
			if (this.failure == null) {
				logger.warn("Cannot read the groups, trying again every {} ms: {}",
						this.properties.pollInterval().toMillis(), ex.getMessage());
			}
			this.failure = (ex.getMessage() != null) ? ex.getMessage() : ex.toString();
			return;
		}
		if (this.failure != null) {
			logger.info("Reading the groups again");
			this.failure = null;
		}
		this.groups = observe(snapshots);
		try {
			this.events.publishEvent(new GroupsObserved(this.groups, this.clock.instant()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish the groups", ex);
		}
	}

	List<GroupObservation> observe(List<GroupSnapshot> snapshots) {
		this.observers.keySet().retainAll(snapshots.stream().map(GroupSnapshot::groupId).collect(Collectors.toSet()));
		List<GroupObservation> observations = new ArrayList<>();
		for (GroupSnapshot snapshot : snapshots) {
			GroupObservation observation = this.observers
				.computeIfAbsent(snapshot.groupId(), (id) -> new GroupObserver(this.properties))
				.observe(snapshot);
			log(observation);
			observations.add(observation);
		}
		return List.copyOf(observations);
	}

	private static void log(GroupObservation observation) {
		if (observation.rebalanceStarted()) {
			logger.info("{}: rebalance #{} started ({})", observation.groupId(), observation.rebalanceCount(),
					observation.snapshot().state());
		}
		Rebalance ended = observation.rebalanceEnded();
		if (ended != null) {
			Duration took = ended.duration(ended.endedAt());
			logger.info("{}: rebalance #{} over, seen for {} s: {}; assignment now {}", observation.groupId(),
					ended.number(), took.toMillis() / 1000.0,
					ended.changes().stream().map(AssignmentChange::describe).collect(Collectors.joining(", ")),
					ended.assignment());
		}
	}

}
