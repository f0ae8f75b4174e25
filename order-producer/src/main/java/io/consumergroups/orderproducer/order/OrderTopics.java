package io.consumergroups.orderproducer.order;

import io.consumergroups.events.Topics;
import io.consumergroups.orderproducer.OrdersProperties;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topic this service writes to, created at startup by Spring Boot's
 * {@code KafkaAdmin} when it does not exist. {@code min.insync.replicas} is left to the
 * broker's default. {@code orders.DLT} is order-processor's: it writes it, and declares
 * it.
 */
@Configuration(proxyBeanMethods = false)
class OrderTopics {

	@Bean
	NewTopic ordersTopic(OrdersProperties properties) {
		OrdersProperties.Topic settings = properties.topic();
		TopicBuilder topic = TopicBuilder.name(Topics.ORDERS).partitions(settings.partitions());
		if (settings.replicationFactor() != null) {
			topic.replicas(settings.replicationFactor());
		}
		return topic.build();
	}

}
