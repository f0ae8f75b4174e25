package io.consumergroups.orderprocessor.config;

import java.util.HashMap;
import java.util.Map;

import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.validation.Validator;

/**
 * How the consumer group's consumers are made, where YAML cannot say it: group membership
 * settings that depend on the protocol, since the consumer protocol (KIP-848) rejects the
 * classic protocol's client-side settings ({@code session.timeout.ms},
 * {@code heartbeat.interval.ms}, {@code partition.assignment.strategy}) at start-up; and
 * the order contract's deserializer.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerGroupConfig {

	@Bean
	DefaultKafkaConsumerFactoryCustomizer consumerGroupMembership(ProcessorProperties properties) {
		Map<String, Object> settings = groupSettings(properties);
		return (factory) -> factory.updateConfigs(settings);
	}

	/**
	 * A record of {@code orders} that is not a valid order reaches the listener without a
	 * value, the cause in a header, instead of failing the poll
	 * ({@link Topics#readValidatedOrders}): the listener dead-letters it to
	 * {@code orders.DLT} ({@code ErrorHandlingConfig}).
	 * @param validator the order contract's Bean Validation
	 * @return a customizer that reads orders as the contract says
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer validatingOrderDeserializer(Validator validator) {
		return (factory) -> Topics.readValidatedOrders(factory, validator);
	}

	/**
	 * How the listener container treats the member.
	 * <ul>
	 * <li>Spring appends {@code -0..-(n-1)} to the {@code client.id} and
	 * {@code group.instance.id} of a container's n consumers, so that each keeps a
	 * unique, stable id. With the usual single consumer per replica, no suffix: the
	 * member is named after the replica, as the instance id says.</li>
	 * <li>A fenced transactional producer means another replica took over this one's
	 * transactional id, or a transaction outlived {@code transaction.timeout.ms} and the
	 * broker aborted it. Kafka does not say which, and the container cannot roll the poll
	 * back: were it to go on polling, it would commit offsets past the aborted records.
	 * So it stops, and {@code FencedMemberShutdown} stops the replica, to resume from the
	 * group's committed offsets when it is restarted.</li>
	 * </ul>
	 * @return the customizer
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenerContainer() {
		return (container) -> {
			container.setAlwaysClientIdSuffix(false);
			container.getContainerProperties().setStopContainerWhenFenced(true);
		};
	}

	static Map<String, Object> groupSettings(ProcessorProperties properties) {
		ProcessorProperties.Group group = properties.group();
		Map<String, Object> settings = new HashMap<>();
		settings.put(ConsumerConfig.CLIENT_ID_CONFIG, properties.instanceId());
		settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, group.protocol().name().toLowerCase());
		if (group.staticMembership()) {
			// A stable identity: a replica that restarts within the session timeout
			// gets its partitions back without a rebalance of the whole group.
			settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.instanceId());
		}
		if (group.protocol() == ProcessorProperties.GroupProtocol.CLASSIC) {
			settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, group.assignor().className());
			settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) group.sessionTimeout().toMillis());
			settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) group.heartbeatInterval().toMillis());
		}
		return settings;
	}

}
