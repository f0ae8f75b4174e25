package io.consumergroups.events;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class OrdersTopicPropertiesTest {

	@Test
	void shouldTakeSixPartitionsWhenNoneAreSet() {
		assertThat(bind(Map.of()).partitions()).isEqualTo(6);
	}

	@Test
	void shouldTakeThePartitionsOrderProducerCreatesOrdersWith() {
		assertThat(bind(Map.of("orders.topic.partitions", "12")).partitions()).isEqualTo(12);
	}

	private static OrdersTopicProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("orders.topic",
				OrdersTopicProperties.class);
	}

}
