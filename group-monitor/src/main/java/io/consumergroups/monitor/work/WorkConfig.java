package io.consumergroups.monitor.work;

import java.time.Clock;

import io.consumergroups.monitor.config.MonitorProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The members' work as {@code order-status} shows it, unless
 * {@code group-monitor.statuses.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "group-monitor.statuses.enabled", matchIfMissing = true)
class WorkConfig {

	@Bean
	WorkTally workTally(MonitorProperties properties) {
		return new WorkTally(properties.statuses().window());
	}

	@Bean
	StatusReader statusReader(KafkaProperties kafka, MonitorProperties properties, WorkTally tally, Clock clock) {
		MonitorProperties.Statuses statuses = properties.statuses();
		return new StatusReader(kafka, statuses.topic(), statuses.lookback(), tally, clock);
	}

}
