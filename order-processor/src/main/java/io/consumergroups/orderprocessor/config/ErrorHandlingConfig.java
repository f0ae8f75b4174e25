package io.consumergroups.orderprocessor.config;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.consumergroups.events.Topics;
import io.consumergroups.orderprocessor.processing.MalformedOrderException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * What happens to an order that cannot be processed. The listener runs in a Kafka
 * transaction, so a failure rolls it back and the {@link AfterRollbackProcessor} decides:
 * retry with back-off (transient failures), or publish the record to {@code orders.DLT}
 * with the cause in headers and commit its offset in the same new transaction. A
 * malformed record goes there at once. Either way the partition moves on: no record
 * blocks it.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfig {

	/** A dead letter's header naming the root cause of its failure. */
	static final String ROOT_CAUSE_HEADER = "dlt-root-cause";

	@Bean
	AfterRollbackProcessor<Object, Object> deadLetteringAfterRollbackProcessor(KafkaTemplate<Object, Object> template) {
		// Same partition number as the original: the DLT has as many partitions as
		// orders.
		var recoverer = new DeadLetterPublishingRecoverer(template,
				(record, exception) -> new TopicPartition(Topics.ORDERS_DLT, record.partition()));
		recoverer.addHeadersFunction(ErrorHandlingConfig::rootCause);
		var backOff = new ExponentialBackOffWithMaxRetries(3);
		backOff.setInitialInterval(200);
		backOff.setMultiplier(2);
		backOff.setMaxInterval(2_000);
		var processor = new DefaultAfterRollbackProcessor<>(recoverer, backOff, template, true);
		processor.addNotRetryableExceptions(MalformedOrderException.class);
		return processor;
	}

	/**
	 * The {@code kafka_dlt-exception-message} header holds the outermost exception's
	 * message, e.g. "failed to deserialize"; this header names what actually went wrong,
	 * e.g. which fields broke which constraint.
	 */
	private static Headers rootCause(ConsumerRecord<?, ?> record, Exception exception) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
		String text = cause.getClass().getName() + ": " + cause.getMessage();
		return new RecordHeaders().add(ROOT_CAUSE_HEADER, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * One producer writes both {@code order-status} (JSON) and {@code orders.DLT}. A
	 * record that failed deserialization reaches the recoverer as its original bytes,
	 * which must be written as they are, not as JSON.
	 * @return a customizer that serializes byte arrays raw and everything else as JSON
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer rawBytesOrJsonValues() {
		return (factory) -> setValueSerializer(factory);
	}

	@SuppressWarnings("unchecked")
	private static void setValueSerializer(DefaultKafkaProducerFactory<?, ?> factory) {
		Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
		// Checked in order: byte[] first, since every value is also an Object.
		byType.put(byte[].class, new ByteArraySerializer());
		byType.put(Object.class, new JacksonJsonSerializer<>().noTypeInfo());
		((DefaultKafkaProducerFactory<?, Object>) factory)
			.setValueSerializerSupplier(() -> new DelegatingByTypeSerializer(byType, true));
	}

}
