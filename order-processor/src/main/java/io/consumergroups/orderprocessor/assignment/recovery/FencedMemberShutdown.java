package io.consumergroups.orderprocessor.assignment.recovery;

import java.util.concurrent.atomic.AtomicBoolean;

import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.stereotype.Component;

/**
 * A replica whose consumer was stopped for fencing has nothing left to do: it says why in
 * one line and shuts down, rather than stay up looking healthy. Two causes:
 * <ul>
 * <li>another member holds the replica's instance id ({@link InstanceIdConflicts}): the
 * other keeps processing;</li>
 * <li>its transactional producer was fenced: a transaction outlived
 * {@code transaction.timeout.ms}, or another process uses the same transactional id.
 * Stopping is what keeps exactly-once: the poll cannot be rolled back and retried by this
 * consumer, and a restarted replica resumes from the group's committed offsets.</li>
 * </ul>
 * Not an error handler on purpose: a {@code CommonErrorHandler} bean would also take part
 * in the transactional container's handling of failed listener calls, which belongs to
 * the after-rollback processor alone.
 * <p>
 * Works around Spring Kafka 4.1's listener container, which on fencing
 * ({@code FencedInstanceIdException}, or a fenced producer with
 * {@code stopContainerWhenFenced}) stops its consumer and leaves the application up,
 * healthy and idle. Proven by
 * {@code DuplicateInstanceIdIT#shouldFenceTheOlderOfTwoClassicMembersAndStopItCleanly}
 * (integration-tests); {@code ChaosIT} restarts replicas that stopped this way after a
 * broker crash. No unit test.
 */
@Component
class FencedMemberShutdown {

	private static final Logger logger = LoggerFactory.getLogger(FencedMemberShutdown.class);

	private final ConfigurableApplicationContext context;

	private final InstanceIdConflicts conflicts;

	private final String instanceId;

	private final AtomicBoolean stopping = new AtomicBoolean();

	FencedMemberShutdown(ConfigurableApplicationContext context, InstanceIdConflicts conflicts,
			ProcessorProperties properties) {
		this.context = context;
		this.conflicts = conflicts;
		this.instanceId = properties.instanceId();
	}

	@EventListener
	void onConsumerStopped(ConsumerStoppedEvent event) {
		if (event.getReason() != ConsumerStoppedEvent.Reason.FENCED || !this.stopping.compareAndSet(false, true)) {
			return;
		}
		this.conflicts.conflict()
			.ifPresentOrElse((error) -> logger
				.error("Instance id {} is used by another member of the group, which keeps it; this replica stops. "
						+ "Give every replica its own INSTANCE_ID. (Kafka: {})", this.instanceId, error),
					() -> logger.error("The transactional producer of {} was fenced: a transaction took longer than "
							+ "transaction.timeout.ms, or another process uses this replica's transactional id. "
							+ "The replica stops; restarted, it resumes from the group's committed offsets.",
							this.instanceId));
		// Not on the consumer thread that published the event: closing waits for it.
		new Thread(this.context::close, "fenced-shutdown").start();
	}

}
