package io.consumergroups.orderprocessor.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.orderprocessor.processing.ShareGroupMembers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;
import org.springframework.validation.Validator;

/**
 * The share group (KIP-932), {@code orders.processor.group.type=share}: Spring Boot 4.1
 * configures no share consumers, so they are wired here, from the same
 * {@code spring.kafka.consumer.*} settings as the consumer group's, less those a share
 * consumer refuses. The listener acknowledges each record itself
 * ({@link ContainerProperties.ShareAckMode#MANUAL}): ACCEPT only once its status is
 * written, REJECT once it is dead-lettered, RELEASE when Kafka failed
 * ({@code ShareOrderListener}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "orders.processor.group.type", havingValue = "share")
class ShareGroupConfig {

	/**
	 * Consumer-group settings that Kafka 4.2's {@code KafkaShareConsumer} refuses with a
	 * {@code ConfigException} ({@code ShareConsumerConfig}): the broker assigns, times
	 * out and positions a share group, and its reset policy and isolation level are group
	 * configs ({@link BrokerSideGroupConfig}).
	 */
	static final List<String> REFUSED_BY_SHARE_CONSUMERS = List.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
			ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
			ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
			ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
			ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
			ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);

	@Bean
	ShareGroupMembers shareGroupMembers(ProcessorProperties properties) {
		return new ShareGroupMembers(properties.instanceId());
	}

	/**
	 * Share consumers that read orders as the consumer group does: JSON, validated by the
	 * order contract, in an error-handling deserializer.
	 * @param kafka Boot's Kafka settings
	 * @param properties the replica's settings
	 * @param validator the order contract's Bean Validation
	 * @param members names each consumer it creates
	 * @return the factory
	 */
	@Bean
	DefaultShareConsumerFactory<String, Order> shareConsumerFactory(KafkaProperties kafka,
			ProcessorProperties properties, Validator validator, ShareGroupMembers members) {
		var factory = new DefaultShareConsumerFactory<>(
				shareConsumerSettings(kafka.buildConsumerProperties(), properties), StringDeserializer::new,
				() -> Topics.validatingOrderDeserializer(validator));
		factory.addListener(members);
		return factory;
	}

	/**
	 * The containers of share listeners: {@code spring.kafka.listener.concurrency} share
	 * consumers per replica, each a member of the group.
	 * @param consumers the share consumer factory
	 * @param kafka Boot's Kafka settings
	 * @param properties the replica's settings
	 * @return the factory
	 */
	@Bean
	ShareKafkaListenerContainerFactory<String, Order> shareKafkaListenerContainerFactory(
			DefaultShareConsumerFactory<String, Order> consumers, KafkaProperties kafka,
			ProcessorProperties properties) {
		var factory = new ShareKafkaListenerContainerFactory<>(consumers) {

			@Override
			protected void initializeContainer(ShareKafkaMessageListenerContainer<String, Order> container,
					KafkaListenerEndpoint endpoint) {
				super.initializeContainer(container, endpoint);
				// Spring Kafka 4.1's share container names its consumers after the
				// listener id, not the factory's client.id, so every replica's members
				// would be alike: order-processor-share-0, -1, ... Named after the
				// replica instead, as the consumer group's members are.
				container.setClientId(properties.instanceId());
			}

		};
		factory.getContainerProperties().setShareAckMode(ContainerProperties.ShareAckMode.MANUAL);
		Integer concurrency = kafka.getListener().getConcurrency();
		if (concurrency != null) {
			factory.setConcurrency(concurrency);
		}
		return factory;
	}

	static Map<String, Object> shareConsumerSettings(Map<String, Object> consumerSettings,
			ProcessorProperties properties) {
		Map<String, Object> settings = new HashMap<>(consumerSettings);
		REFUSED_BY_SHARE_CONSUMERS.forEach(settings::remove);
		settings.put(ConsumerConfig.GROUP_ID_CONFIG, properties.group().shareGroupId());
		settings.put(ConsumerConfig.CLIENT_ID_CONFIG, properties.instanceId());
		// max.poll.records is a soft limit by default (batch_optimized): a member may
		// acquire a whole producer batch, hundreds of orders, while others wait. A hard
		// limit spreads the work over the members, at the cost of more fetches.
		settings.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
		return settings;
	}

}
