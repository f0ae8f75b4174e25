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
 * The consumer is wrapped to see either error as its {@code poll()} throws it.
 * <p>
 * Works around Spring Kafka 4.1's listener container, which hands the application neither
 * exception. Proven by {@code DuplicateInstanceIdIT} (integration-tests, a duplicate
 * under each protocol) and {@code InstanceIdConflictsTest}.
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
