package io.consumergroups.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/**
 * What the dead-letter topics of every group share: the record as it was, Spring Kafka's
 * {@code kafka_dlt-*} headers, and one more header naming the root cause.
 */
public final class DeadLetters {

	/**
	 * A dead letter's header naming the root cause of its failure. The
	 * {@code kafka_dlt-exception-message} header holds the outermost exception's message,
	 * e.g. "failed to deserialize"; this one names what actually went wrong, e.g. which
	 * fields broke which constraint.
	 */
	public static final String ROOT_CAUSE_HEADER = "dlt-root-cause";

	private DeadLetters() {
	}

	/**
	 * The {@link #ROOT_CAUSE_HEADER} of a dead letter, as a headers function of Spring
	 * Kafka's {@code DeadLetterPublishingRecoverer}.
	 * @param record the failed record
	 * @param exception why it failed
	 * @return the header
	 */
	public static Headers rootCause(ConsumerRecord<?, ?> record, Exception exception) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(exception);
		String text = cause.getClass().getName() + ": " + cause.getMessage();
		return new RecordHeaders().add(ROOT_CAUSE_HEADER, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The value serializer of a producer that writes both JSON records and dead letters.
	 * A record that failed deserialization reaches the dead-letter recoverer as its
	 * original bytes, which must be written as they are, not as JSON.
	 * @return a serializer of byte arrays as they are and of anything else as JSON
	 */
	public static Serializer<Object> rawBytesOrJson() {
		Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
		// Checked in order: byte[] first, since every value is also an Object.
		byType.put(byte[].class, new ByteArraySerializer());
		byType.put(Object.class, new JacksonJsonSerializer<>().noTypeInfo());
		return new DelegatingByTypeSerializer(byType, true);
	}

	/**
	 * Makes a producer factory write values with {@link #rawBytesOrJson()}: for a service
	 * whose one producer writes its JSON records and its dead letters. A service calls it
	 * from a {@code DefaultKafkaProducerFactoryCustomizer} bean.
	 * @param factory the service's producer factory
	 */
	@SuppressWarnings("unchecked")
	public static void writeRawBytesOrJson(DefaultKafkaProducerFactory<?, ?> factory) {
		((DefaultKafkaProducerFactory<?, Object>) factory).setValueSerializerSupplier(DeadLetters::rawBytesOrJson);
	}

}
