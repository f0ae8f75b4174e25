package io.consumergroups.orderprocessor.assignment;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnreleasedInstanceIdException;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Notices when the group will not have this replica because another member holds its
 * {@code group.instance.id}, under either protocol:
 * <ul>
 * <li>classic: the coordinator fences the older member, whose consumer throws
 * {@link FencedInstanceIdException};</li>
 * <li>consumer (KIP-848): the coordinator refuses the newer member, whose consumer throws
 * {@link UnreleasedInstanceIdException} once and then stays out of the group.</li>
 * </ul>
 * The consumer is wrapped to remember either, for {@link FencedMemberShutdown} to say why
 * the replica stops. The listener container stops its consumer on the first; the second
 * it only logs, and the replica stays up without partitions. That is deliberate: the
 * consumer protocol refuses a static member the same way while the session of its own
 * crashed predecessor lasts, so a refusal alone does not prove a duplicate.
 */
@Component
class InstanceIdConflicts implements DefaultKafkaConsumerFactoryCustomizer {

	private final AtomicReference<String> conflict = new AtomicReference<>();

	@Override
	@SuppressWarnings("unchecked")
	public void customize(DefaultKafkaConsumerFactory<?, ?> factory) {
		((DefaultKafkaConsumerFactory<Object, Object>) factory).addPostProcessor(this::watch);
	}

	/**
	 * The message of the broker's error, when another member holds this replica's
	 * instance id.
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
					this.conflict.compareAndSet(null, failure.getMessage());
				}
				throw failure;
			}
		};
		return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
				new Class<?>[] { Consumer.class }, handler);
	}

}
