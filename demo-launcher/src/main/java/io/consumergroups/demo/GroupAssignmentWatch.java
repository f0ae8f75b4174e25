package io.consumergroups.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the demo observes partition assignment from outside the group: it reads the group
 * every {@link #INTERVAL} and prints its assignment whenever the group is {@code Stable}
 * with an assignment other than the last one printed, preceded by what moved and how long
 * it was without an owner ({@link PartitionMoves}). Lag alone changing prints nothing;
 * {@code status} shows it.
 */
final class GroupAssignmentWatch implements AutoCloseable {

	/** Often enough to catch every rebalance, which takes seconds. */
	static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Logger logger = LoggerFactory.getLogger(GroupAssignmentWatch.class);

	private final Callable<GroupReading> group;

	private final PrintStream console;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "group-assignment-watch");
		thread.setDaemon(true);
		return thread;
	});

	private volatile GroupReading latest;

	private GroupReading printed;

	private GroupState lastState;

	private String lastFailure;

	private final PartitionMoves moves = new PartitionMoves();

	/**
	 * Creates a watch.
	 * @param group reads the group's assignment, e.g. {@link WatchedGroup#read()}
	 * @param console where to print
	 */
	GroupAssignmentWatch(Callable<GroupReading> group, PrintStream console) {
		this.group = group;
		this.console = console;
	}

	void start() {
		this.scheduler.scheduleWithFixedDelay(this::poll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * The group as last read, whatever its state.
	 * @return the latest assignment, empty before the first successful read
	 */
	Optional<GroupReading> latest() {
		return Optional.ofNullable(this.latest);
	}

	private void poll() {
		try {
			observe(this.group.call());
			this.lastFailure = null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// Expected while the cluster starts or a node is down: say it once, not twice
			// a second
			String failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			if (!failure.equals(this.lastFailure)) {
				logger.debug("Could not read the group", ex);
				this.lastFailure = failure;
			}
		}
	}

	/**
	 * Takes a new reading of the group, printing what a reader should see.
	 * @param assignment the group now
	 * @return whether the assignment was printed
	 */
	synchronized boolean observe(GroupReading assignment) {
		this.latest = assignment;
		GroupState previousState = this.lastState;
		this.lastState = assignment.state();
		List<String> rebalance = this.moves.observe(assignment, System.nanoTime());
		if (assignment.isStable()) {
			// No partitions: the topic is not created yet, and there is nothing to show.
			// A share group is Stable as soon as members join, before the coordinator has
			// given any of them a partition
			if (assignment.partitions().isEmpty() || assignment.sameAssignmentAs(this.printed)
					|| (assignment.share() && assignment.group().idleMembers() == assignment.members().size())) {
				rebalance.forEach(this.console::println);
				return false;
			}
			this.printed = assignment;
			this.console.println();
			rebalance.forEach(this.console::println);
			this.console.print(AssignmentTable.format(assignment));
			this.console.flush();
			return true;
		}
		if (!Objects.equals(previousState, assignment.state()) && !assignment.members().isEmpty()) {
			this.console.printf("%s is rebalancing (%s)%n", assignment.groupId(), assignment.state());
		}
		else if (!Objects.equals(previousState, assignment.state()) && assignment.state() == GroupState.EMPTY) {
			this.console.printf("%s has no members%n", assignment.groupId());
		}
		return false;
	}

	/**
	 * Notes that the demo killed or stopped a member: the time its partitions spend
	 * without an owner counts from now.
	 * @param member the member's name
	 */
	synchronized void memberGone(String member) {
		this.moves.memberGone(member, System.nanoTime());
	}

	/**
	 * Notes that the demo started a member again.
	 * @param member the member's name
	 */
	synchronized void memberBack(String member) {
		this.moves.memberBack(member);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
