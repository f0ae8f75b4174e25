package io.consumergroups.monitor.config;

import java.time.Clock;

import org.apache.kafka.clients.admin.Admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The monitor's Kafka client for groups: an {@link Admin}, configured like Spring Boot's
 * {@link KafkaAdmin} from {@code spring.kafka.*} and {@code spring.kafka.admin.*}. The
 * monitor joins no group, so watching a group never changes it; its only reader, of
 * {@code order-status}, assigns itself the partitions
 * ({@link io.consumergroups.monitor.work.StatusReader}).
 */
@Configuration(proxyBeanMethods = false)
class AdminConfig {

	@Bean(destroyMethod = "close")
	Admin groupMonitorAdmin(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
