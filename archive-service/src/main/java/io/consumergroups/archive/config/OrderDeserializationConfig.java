package io.consumergroups.archive.config;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.validation.Validator;

/**
 * How a record of {@code orders} becomes an {@link Order}: the order contract's strict
 * JSON, then its constraints. A record that is not a valid order reaches the listener
 * without a value, the cause in a header, instead of failing the poll: the archiver sends
 * it to {@code archive-service.DLT} and the partition moves on.
 */
@Configuration(proxyBeanMethods = false)
class OrderDeserializationConfig {

	@Bean
	DefaultKafkaConsumerFactoryCustomizer validatingOrderDeserializer(Validator validator) {
		return (factory) -> setValueDeserializer(factory, validator);
	}

	@SuppressWarnings("unchecked")
	private static void setValueDeserializer(DefaultKafkaConsumerFactory<?, ?> factory, Validator validator) {
		((DefaultKafkaConsumerFactory<?, Order>) factory)
			.setValueDeserializerSupplier(() -> Topics.validatingOrderDeserializer(validator));
	}

}
