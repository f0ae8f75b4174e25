package io.consumergroups.analytics.config;

import io.consumergroups.analytics.AnalyticsProperties;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service writes, created at startup by Spring Boot's {@code KafkaAdmin}
 * when missing, before Kafka Streams starts. The replication factor is the broker's
 * default, as for the internal topics Streams creates itself
 * ({@code replication.factor=-1}): one setting works on 1 and 3 brokers.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsTopicsConfig {

	private final int partitions;

	AnalyticsTopicsConfig(AnalyticsProperties properties) {
		this.partitions = properties.topics().partitions();
	}

	@Bean
	NewTopic ordersPerMinuteTopic() {
		return TopicBuilder.name(AnalyticsTopics.ORDERS_PER_MINUTE).partitions(this.partitions).build();
	}

	@Bean
	NewTopic revenueByRegionTopic() {
		return TopicBuilder.name(AnalyticsTopics.REVENUE_BY_REGION).partitions(this.partitions).build();
	}

	/**
	 * One partition: the ranking has a single key, so more would stay empty.
	 * @return the topic
	 */
	@Bean
	NewTopic topProductsTopic() {
		return TopicBuilder.name(AnalyticsTopics.TOP_PRODUCTS).partitions(1).build();
	}

	@Bean
	NewTopic ordersDeadLetterTopic() {
		return TopicBuilder.name(AnalyticsTopics.ORDERS_DLT).partitions(this.partitions).build();
	}

}
