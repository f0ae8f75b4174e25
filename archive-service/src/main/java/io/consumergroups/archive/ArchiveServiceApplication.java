package io.consumergroups.archive;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The {@code archive-service} consumer group: every order of {@code orders}, batched into
 * gzip NDJSON objects in an S3 bucket, each order in exactly one object.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ArchiveServiceApplication {

	public static void main(String[] args) {
		// The config file is archive-service.yml, so that several services can share one
		// classpath (the integration tests run them side by side in one JVM).
		new SpringApplicationBuilder(ArchiveServiceApplication.class).properties("spring.config.name=archive-service")
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
