package io.consumergroups.notification;

import java.time.Clock;

import io.consumergroups.events.logging.ExpectedProduceRetryLogFilter;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * One replica of the {@code notification-service} consumer group: a confirmation to the
 * customer for every order, and alerts to operations for orders above a threshold and for
 * rejected orders, each sent once through the configured channel.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

	public static void main(String[] args) {
		// The config file is notification-service.yml, so that several services can
		// share one classpath (the integration tests run them side by side in one JVM).
		new SpringApplicationBuilder(NotificationServiceApplication.class)
			.properties("spring.config.name=notification-service")
			.run(args);
	}

	/**
	 * The time source, a bean so that tests can fix it.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * A poll's transaction may begin while the previous one's markers are still being
	 * written; the producer retries what the brokers refuse meanwhile, and logs each
	 * retry at WARN: those retries go to DEBUG.
	 * @return the log filter
	 */
	@Bean
	ExpectedProduceRetryLogFilter expectedProduceRetryLogFilter() {
		return new ExpectedProduceRetryLogFilter();
	}

}
