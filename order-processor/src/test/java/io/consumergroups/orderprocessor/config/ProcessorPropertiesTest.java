package io.consumergroups.orderprocessor.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProcessorPropertiesTest {

	@Test
	void shouldHeartbeatEverySecondWithinATenSecondSessionByDefault() {
		ProcessorProperties.Group group = bind(Map.of("orders.processor.instance-id", "order-processor-1")).group();

		assertThat(group.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(group.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void shouldBindAHeartbeatIntervalShorterThanTheSession() {
		ProcessorProperties.Group group = bind(Map.of("orders.processor.group.session-timeout", "45s",
				"orders.processor.group.heartbeat-interval", "3s"))
			.group();

		assertThat(group.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void shouldRefuseAHeartbeatIntervalThatIsNotShorterThanTheSession() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("orders.processor.group.session-timeout", "6s",
					"orders.processor.group.heartbeat-interval", "6s")))
			.havingRootCause()
			.isInstanceOf(IllegalArgumentException.class)
			.withMessageContaining("orders.processor.group.heartbeat-interval (PT6S)")
			.withMessageContaining("shorter than session-timeout (PT6S)");
	}

	@Test
	void shouldRefuseANonPositiveSessionTimeout() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("orders.processor.group.session-timeout", "0s")))
			.havingRootCause()
			.withMessageContaining("orders.processor.group.session-timeout must be positive");
	}

	private static ProcessorProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orders.processor",
				ProcessorProperties.class);
	}

}
