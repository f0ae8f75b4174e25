package io.consumergroups.analytics;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Analytics over the {@code orders} topic with Kafka Streams: orders and revenue per
 * region and minute, running totals per region, the best-selling products. The results go
 * to {@code analytics.*} topics and are answered over HTTP from the state stores of
 * whichever instance owns them.
 * <p>
 * Unlike a listener group, a Streams application is a group whose members own
 * <em>tasks</em> (a partition of each input topic, with the state built from them); run
 * more instances and the tasks, with their state, are spread over them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalyticsServiceApplication {

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The application as {@link #main} runs it. Several services share one JVM in the
	 * integration tests, so each reads its own config file,
	 * {@code analytics-service.yml}, rather than a shared {@code application.yml}. It is
	 * a default property: {@code --spring.config.name} still wins.
	 * @return a builder for the analytics service
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(AnalyticsServiceApplication.class).main(AnalyticsServiceApplication.class)
			.properties("spring.config.name=analytics-service");
	}

	/**
	 * The time source for the default range of {@code GET /analytics/revenue}, a bean so
	 * that tests can fix it.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
