package io.consumergroups.orderprocessor.assignment.recovery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.consumergroups.orderprocessor.config.ProcessorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * What a replica does when the consumer protocol (KIP-848) refuses its
 * {@code group.instance.id} ({@code UnreleasedInstanceIdException}). The refused consumer
 * stays out of the group for good, and two different situations look the same to it:
 * <ul>
 * <li>this replica was killed and restarted before the session of its previous run
 * expired: the coordinator keeps the id for the crashed member until then;</li>
 * <li>another replica runs with the same {@code INSTANCE_ID}.</li>
 * </ul>
 * So the first refusal is waited out: once the session timeout (and a margin) has passed,
 * the listener containers are restarted, which gives them new consumers that join again.
 * A crashed predecessor is gone by then, and the replica takes its partitions back. A
 * refusal after that means a duplicate: the replica says so in one line and stops,
 * leaving the other to go on processing.
 * <p>
 * Works around the consumer protocol's coordinator (KIP-848, Kafka 4.2.1), which refuses
 * a static member's id while the session of its crashed predecessor lasts, and Spring
 * Kafka 4.1's container, which only logs the refusal ("Consumer exception") and goes on
 * polling a consumer that is no member. {@link InstanceIdConflicts} hands the refusal
 * over. Proven by
 * {@code StaticMembershipIT#shouldTakeItsPartitionsBackWhenAStaticMemberRestartsAfterACrash}
 * (consumer protocol: refused, joins again, takes its partitions back) and
 * {@code DuplicateInstanceIdIT#shouldRefuseTheNewerOfTwoConsumerProtocolMembersAndStopItAfterOneRetry}
 * (integration-tests); no unit test.
 */
@Component
class RefusedMemberRejoin implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RefusedMemberRejoin.class);

	/** Beyond the session timeout, for the coordinator's timer to fire. */
	private static final Duration MARGIN = Duration.ofSeconds(2);

	private final ConfigurableApplicationContext context;

	private final ObjectProvider<KafkaListenerEndpointRegistry> registry;

	private final String instanceId;

	private final Duration wait;

	private final AtomicReference<State> state = new AtomicReference<>(State.JOINING);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "refused-member-rejoin");
		thread.setDaemon(true);
		return thread;
	});

	RefusedMemberRejoin(ConfigurableApplicationContext context, ObjectProvider<KafkaListenerEndpointRegistry> registry,
			ProcessorProperties properties) {
		this.context = context;
		this.registry = registry;
		this.instanceId = properties.instanceId();
		this.wait = properties.group().sessionTimeout().plus(MARGIN);
	}

	/**
	 * Called from a consumer thread when the coordinator refused the instance id.
	 * @param error the broker's error message
	 */
	void refused(String error) {
		if (this.state.compareAndSet(State.JOINING, State.WAITING)) {
			logger.warn("The group refuses instance id {}, which another member holds: this replica's previous run, "
					+ "until its session ends, or another replica with the same INSTANCE_ID. Joining again in {} s. "
					+ "(Kafka: {})", this.instanceId, this.wait.toSeconds(), error);
			this.scheduler.schedule(this::rejoin, this.wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		else if (this.state.compareAndSet(State.REJOINED, State.STOPPING)) {
			logger.error("Instance id {} is used by another member of the group, which keeps it; this replica stops. "
					+ "Give every replica its own INSTANCE_ID. (Kafka: {})", this.instanceId, error);
			// Not on the consumer thread: closing the context waits for it.
			new Thread(this.context::close, "refused-shutdown").start();
		}
	}

	private void rejoin() {
		KafkaListenerEndpointRegistry containers = this.registry.getObject();
		containers.getListenerContainers().forEach(MessageListenerContainer::stop);
		if (this.state.compareAndSet(State.WAITING, State.REJOINED)) {
			logger.info("Instance id {}: joining the group again", this.instanceId);
			containers.getListenerContainers().forEach(MessageListenerContainer::start);
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	private enum State {

		JOINING, WAITING, REJOINED, STOPPING

	}

}
