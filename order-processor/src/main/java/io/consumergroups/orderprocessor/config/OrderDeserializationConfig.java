package io.consumergroups.orderprocessor.config;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.validation.Validator;

/**
 * How a record of {@code orders} becomes an {@link Order}: JSON, then the constraints of
 * {@link Order} (Bean Validation). Both happen while deserializing, so that a record
 * which is not JSON, has wrong types or breaks a constraint fails the same way: the
 * error-handling deserializer hands the failure and the record's original bytes to the
 * container, which dead-letters them unchanged and moves on.
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
