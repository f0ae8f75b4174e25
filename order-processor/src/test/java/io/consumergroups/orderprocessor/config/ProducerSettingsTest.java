package io.consumergroups.orderprocessor.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transactional producer's and the listener container's settings, as Spring Boot
 * builds them from {@code order-processor.yml}.
 */
class ProducerSettingsTest {

	@Test
	void shouldRetryARefusedOffsetsCommitSoonerThanKafkasDefault() throws IOException {
		Map<String, Object> producer = kafkaProperties(yaml()).buildProducerProperties();

		assertThat(producer).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
		assertThat(producer).doesNotContainKey(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG);
	}

	@Test
	void shouldHaveAnAbandonedTransactionAbortedWithinTheSessionTimeout() throws IOException {
		Binder yaml = yaml();
		Map<String, Object> producer = kafkaProperties(yaml).buildProducerProperties();
		Duration sessionTimeout = yaml.bind("orders.processor.group.session-timeout", Duration.class).get();

		assertThat(Duration.ofMillis(Long.parseLong((String) producer.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG))))
			.isLessThanOrEqualTo(sessionTimeout);
	}

	@Test
	void shouldEndAPollLongBeforeTheNextHeartbeatIsDue() throws IOException {
		Binder yaml = yaml();
		Duration pollTimeout = kafkaProperties(yaml).getListener().getPollTimeout();
		Duration heartbeatInterval = yaml.bind("orders.processor.group.heartbeat-interval", Duration.class).get();

		assertThat(pollTimeout).isEqualTo(Duration.ofMillis(100)).isLessThan(heartbeatInterval.dividedBy(5));
	}

	private static KafkaProperties kafkaProperties(Binder yaml) {
		return yaml.bindOrCreate("spring.kafka", KafkaProperties.class);
	}

	/** order-processor.yml as Spring Boot binds it, placeholders unresolved. */
	private static Binder yaml() throws IOException {
		return new Binder(ConfigurationPropertySources.from(
				new YamlPropertySourceLoader().load("order-processor", new ClassPathResource("order-processor.yml"))));
	}

}
