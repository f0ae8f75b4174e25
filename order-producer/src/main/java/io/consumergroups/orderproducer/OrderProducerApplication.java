package io.consumergroups.orderproducer;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The order producer: publishes orders to the {@code orders} topic, from a REST API
 * ({@code POST /orders}) and from a built-in load generator ({@code /generator}).
 */
@SpringBootApplication
@EnableConfigurationProperties(OrdersProperties.class)
public class OrderProducerApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application as {@link #main} runs it; integration tests start it the same way.
	 * <p>
	 * Several services share one JVM in the integration tests, so each reads its own
	 * config file, {@code order-producer.yml}, rather than a shared
	 * {@code application.yml}. It is a default property: {@code --spring.config.name}
	 * still wins.
	 * @return a builder for the order producer
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(OrderProducerApplication.class).main(OrderProducerApplication.class)
			.properties("spring.config.name=order-producer");
	}

	/**
	 * The time source for {@code Order.createdAt}, a bean so that tests can fix it.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
