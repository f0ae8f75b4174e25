package io.consumergroups.notification.config;

import java.util.Map;
import java.util.regex.Pattern;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTopicDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.validation.Validator;

/**
 * How records become values: JSON to {@link Order} on {@code orders}, to
 * {@link OrderStatus} on {@code order-status}, both read by the {@link OrderContract}'s
 * strict JSON rules (no {@code 2.7} read as 2, no duplicate field, nothing after the
 * object), then Bean Validation. All of it happens in an error-handling deserializer, so
 * that a record which is not JSON, has wrong types or breaks the contract reaches the
 * container as a failure with its original bytes, which it dead-letters unchanged before
 * moving on.
 */
@Configuration(proxyBeanMethods = false)
class DeserializationConfig {

	@Bean
	DefaultKafkaConsumerFactoryCustomizer validatingValueDeserializer(Validator validator) {
		return (factory) -> setValueDeserializer(factory, validator);
	}

	@SuppressWarnings("unchecked")
	private static void setValueDeserializer(DefaultKafkaConsumerFactory<?, ?> factory, Validator validator) {
		((DefaultKafkaConsumerFactory<?, Object>) factory).setValueDeserializerSupplier(() -> {
			// One consumer factory serves both listeners: the topic picks the type.
			Map<Pattern, Deserializer<?>> byTopic = Map.of(Pattern.compile(Pattern.quote(Topics.ORDERS)),
					json(Order.class), Pattern.compile(Pattern.quote(Topics.ORDER_STATUS)), json(OrderStatus.class));
			return Topics.validating(new DelegatingByTopicDeserializer(byTopic, new ByteArrayDeserializer()),
					validator);
		});
	}

	/**
	 * Plain JSON, read as the contract says: the type is ours to declare, never taken
	 * from a header.
	 */
	static <T> Deserializer<T> json(Class<T> type) {
		return new JacksonJsonDeserializer<>(type, OrderContract.jsonMapper()).ignoreTypeHeaders();
	}

}
