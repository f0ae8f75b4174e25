package io.consumergroups.orderproducer.order;

import io.consumergroups.events.Topics;
import io.consumergroups.orderproducer.OrdersProperties;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service writes to, created at startup by Spring Boot's
 * {@code KafkaAdmin} when they do not exist. {@code min.insync.replicas} is left to the
 * broker's default.
 */
@Configuration(proxyBeanMethods = false)
class OrderTopics {

	@Bean
	NewTopic ordersTopic(OrdersProperties properties) {
		return topic(Topics.ORDERS, properties.topic());
	}

	/**
	 * As many partitions as {@code orders}: Spring Kafka's
	 * {@code DeadLetterPublishingRecoverer} then writes a failed record to the same
	 * partition number it came from, so the dead letters of one customer stay in order
	 * too.
	 */
	@Bean
	NewTopic ordersDeadLetterTopic(OrdersProperties properties) {
		return topic(Topics.ORDERS_DLT, properties.topic());
	}

	private static NewTopic topic(String name, OrdersProperties.Topic settings) {
		TopicBuilder topic = TopicBuilder.name(name).partitions(settings.partitions());
		if (settings.replicationFactor() != null) {
			topic.replicas(settings.replicationFactor());
		}
		return topic.build();
	}

}
