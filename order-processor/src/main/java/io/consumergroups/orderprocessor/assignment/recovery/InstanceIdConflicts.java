package io.consumergroups.orderprocessor.assignment.recovery;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Notices when the group will not have this replica because another member holds its
 * {@code group.instance.id}, under either protocol:
 * <ul>
 * <li>classic: the coordinator fences the older member, whose consumer throws
 * {@link FencedInstanceIdException}. The listener container stops its consumer, and
 * {@link FencedMemberShutdown} stops the replica, with the error remembered here;</li>
 * <li>consumer (KIP-848): the coordinator refuses the newer member, whose consumer throws
 * {@link UnreleasedInstanceIdException} once and then stays out of the group.
 * {@link RefusedMemberRejoin} decides whether that was a duplicate or a restart too soon
 * after a crash.</li>
 * </ul>
 * <p>
 * Works around Spring Kafka 4.1's listener container, which hands the application neither
 * exception. Proven by {@code DuplicateInstanceIdIT} (integration-tests, a duplicate
 * under each protocol) and {@code InstanceIdConflictsTest}.
 * <p>
 * So the consumer is wrapped, in a {@link Proxy}, to see either error as it is thrown. No
 * hook of Spring Kafka 4.1 sees it; checked in spring-kafka 4.1.2's
 * {@code KafkaMessageListenerContainer.ListenerConsumer} (lines from its jar):
 * <ul>
 * <li>{@code FencedInstanceIdException} comes from {@code poll()}, or from
 * {@code commitSync()} when the container commits (at-least-once), on the consumer
 * thread. {@code run()} catches it itself (lines 1421-1426), ahead of the
 * {@code catch (Exception)} that would call a {@code CommonErrorHandler}, and ends the
 * consumer. {@code publishConsumerStoppedEvent} (537-563) gives it {@code Reason.FENCED},
 * as it does a fenced transactional producer ({@code StopAfterFenceException}, line 544),
 * and a {@code ConsumerStoppedEvent} carries no exception: the event cannot tell a
 * duplicate id from a fenced producer.</li>
 * <li>{@code UnreleasedInstanceIdException} comes from {@code poll()}, once: Kafka's
 * heartbeat manager queues it for the application thread. {@code run()} has no case for
 * it: {@code catch (Exception e)} (1439-1440) calls {@code handleConsumerException}
 * (2136-2153), which hands it to {@code CommonErrorHandler#handleOtherException} only if
 * the container has a handler, and otherwise logs "Consumer exception" and polls on; no
 * event is published. A transactional container has no handler
 * ({@code determineCommonErrorHandler}, 1098-1104), and giving it one would also hand
 * that handler the failed listener calls that must roll back to the after-rollback
 * processor ({@code doInvokeBatchListener} rethrows only without a handler,
 * 2436-2437).</li>
 * <li>The other container events carry no exception ({@code ConsumerFailedToStartEvent}
 * means the consumer thread did not start in time; {@code ListenerContainerIdleEvent},
 * {@code NonResponsiveConsumerEvent}). The consumer factory's hooks are a
 * {@code ConsumerPostProcessor}, which can only replace the consumer (used here), and a
 * {@code Listener}, told when consumers are created and closed; Kafka's
 * {@code ConsumerInterceptor} sees records and commits, not errors.</li>
 * </ul>
 * A proxy rather than a delegating class: either error may come from several of the 51
 * methods of Kafka 4.2.1's {@code Consumer} interface, which a delegate would have to
 * follow release by release.
 */
@Component
class InstanceIdConflicts implements DefaultKafkaConsumerFactoryCustomizer {

	private final AtomicReference<String> conflict = new AtomicReference<>();

	private final java.util.function.Consumer<String> refusals;

	@Autowired
	InstanceIdConflicts(RefusedMemberRejoin refusals) {
		this(refusals::refused);
	}

	InstanceIdConflicts(java.util.function.Consumer<String> refusals) {
		this.refusals = refusals;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void customize(DefaultKafkaConsumerFactory<?, ?> factory) {
		((DefaultKafkaConsumerFactory<Object, Object>) factory).addPostProcessor(this::watch);
	}

	/**
	 * The message of the broker's error, when the classic coordinator fenced this replica
	 * because another member took its instance id.
	 * @return the error's message, if there was one
	 */
	Optional<String> conflict() {
		return Optional.ofNullable(this.conflict.get());
	}

	@SuppressWarnings("unchecked")
	<K, V> Consumer<K, V> watch(Consumer<K, V> consumer) {
		InvocationHandler handler = (proxy, method, args) -> {
			try {
				return method.invoke(consumer, args);
			}
			catch (InvocationTargetException ex) {
				Throwable failure = ex.getCause();
				if (failure instanceof FencedInstanceIdException) {
					this.conflict.compareAndSet(null, failure.getMessage());
				}
				else if (failure instanceof UnreleasedInstanceIdException) {
					this.refusals.accept(failure.getMessage());
				}
				throw failure;
			}
		};
		return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
				new Class<?>[] { Consumer.class }, handler);
	}

}
