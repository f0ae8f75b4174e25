package io.consumergroups.notification.config;

import io.consumergroups.events.OrdersTopicProperties;
import io.consumergroups.notification.NotificationTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service writes, created at start-up when missing. Both have as many
 * partitions as {@code orders} (and {@code order-status}): a record on either is written
 * to the partition number of the input record it is about.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrdersTopicProperties.class)
class TopicsConfig {

	private final int partitions;

	TopicsConfig(OrdersTopicProperties topic) {
		this.partitions = topic.partitions();
	}

	/**
	 * Compacted, so the latest record per notification id stays however long the topic
	 * lives; and deleted after the retention, so neither the topic nor what a replica
	 * reads of it at assignment grows without end.
	 * @param properties the retention
	 * @return the topic
	 */
	@Bean
	NewTopic sentNotificationsTopic(NotificationProperties properties) {
		return TopicBuilder.name(NotificationTopics.SENT)
			.partitions(this.partitions)
			.config(TopicConfig.CLEANUP_POLICY_CONFIG,
					TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE)
			.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(properties.sent().retention().toMillis()))
			.build();
	}

	@Bean
	NewTopic deadLetterTopic() {
		return TopicBuilder.name(NotificationTopics.DEAD_LETTERS).partitions(this.partitions).build();
	}

}
