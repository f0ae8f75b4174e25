package io.consumergroups.orderprocessor;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * One replica of the {@code order-processors} consumer group. Run N of them: Kafka gives
 * each partition of {@code orders} to exactly one replica, so each order is processed by
 * exactly one of them, in parallel.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderProcessorApplication {

	public static void main(String[] args) {
		// The config file is order-processor.yml, so that several services can share one
		// classpath (the integration tests run them side by side in one JVM).
		new SpringApplicationBuilder(OrderProcessorApplication.class).properties("spring.config.name=order-processor")
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

}
