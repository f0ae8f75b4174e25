package io.consumergroups.orderproducer;

import java.time.Clock;

import io.consumergroups.events.OrderContract;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
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

	/**
	 * The HTTP API reads JSON by the order contract's rules, as every consumer does: a
	 * quantity of {@code 2.7} or {@code "2"}, a duplicate field or anything after the
	 * object is a 400 here rather than a dead letter there. Declared here, on the
	 * application class, so that the web slice tests read JSON the same way.
	 * @return the customizer of Spring Boot's JSON mapper
	 */
	@Bean
	JsonMapperBuilderCustomizer orderContractJson() {
		return OrderContract::strictJson;
	}

}
