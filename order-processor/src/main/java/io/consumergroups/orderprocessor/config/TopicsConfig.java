package io.consumergroups.orderprocessor.config;

import io.consumergroups.events.OrdersTopicProperties;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service writes, created at start-up when missing. They have as many
 * partitions as {@code orders}: a status and a dead letter stay in the partition number
 * of their order, and the dead-letter recoverer relies on it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrdersTopicProperties.class)
class TopicsConfig {

	private final int partitions;

	TopicsConfig(OrdersTopicProperties topic) {
		this.partitions = topic.partitions();
	}

	@Bean
	NewTopic orderStatusTopic() {
		return TopicBuilder.name(Topics.ORDER_STATUS).partitions(this.partitions).build();
	}

	@Bean
	NewTopic ordersDeadLetterTopic() {
		return TopicBuilder.name(Topics.ORDERS_DLT).partitions(this.partitions).build();
	}

}
