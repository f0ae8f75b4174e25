package io.consumergroups.events;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;

/**
 * The topics shared by the services, each with the serde of its values. Keys are always
 * strings: the customer id on {@link #ORDERS}, the order id on {@link #ORDER_STATUS}.
 * <p>
 * Values are plain JSON without Spring's type headers, so any client in any language can
 * read them and a class can be renamed without breaking consumers.
 */
public final class Topics {

	/** Every order placed; 6 partitions by default. */
	public static final String ORDERS = "orders";

	/**
	 * Records of {@link #ORDERS} that could not be processed (malformed, or failing after
	 * retries), with the cause and their origin in headers.
	 */
	public static final String ORDERS_DLT = "orders.DLT";

	/** One {@link OrderStatus} per processed order, written transactionally. */
	public static final String ORDER_STATUS = "order-status";

	private Topics() {
	}

	/**
	 * A serde for {@link Order} values.
	 * @return a new serde
	 */
	public static Serde<Order> orderSerde() {
		return jsonSerde(Order.class);
	}

	/**
	 * A serde for {@link OrderStatus} values.
	 * @return a new serde
	 */
	public static Serde<OrderStatus> orderStatusSerde() {
		return jsonSerde(OrderStatus.class);
	}

	/**
	 * How a consumer that must not stop on a bad record reads {@code orders}: JSON, then
	 * the constraints of {@link Order}, both inside an error-handling deserializer. A
	 * record that is not JSON, has wrong types or breaks the {@link OrderContract}
	 * reaches the listener with a null value and the failure, with the original bytes, in
	 * a header.
	 * @param validator the Bean Validation of the application
	 * @return a new deserializer
	 */
	public static ErrorHandlingDeserializer<Order> validatingOrderDeserializer(Validator validator) {
		// Plain JSON: the type is ours to declare, never taken from a header.
		return validating(new JacksonJsonDeserializer<>(Order.class, OrderContract.jsonMapper()).ignoreTypeHeaders(),
				validator);
	}

	/**
	 * Makes a consumer factory read {@code orders} values as {@link Order}s: the order
	 * contract's strict JSON, then the constraints of {@link Order} (Bean Validation),
	 * with a new {@link #validatingOrderDeserializer(Validator)} for each consumer. Both
	 * happen while deserializing, so that a record which is not JSON, has wrong types or
	 * breaks a constraint fails the same way, and not the poll: it reaches the listener
	 * without a value, the failure and the record's original bytes in a header, and the
	 * listener dead-letters it unchanged before the partition moves on.
	 * <p>
	 * A service calls it from a {@code DefaultKafkaConsumerFactoryCustomizer} bean. It is
	 * not such a customizer itself: that type belongs to Spring Boot's Kafka
	 * auto-configuration, which the plain Java programs that use this module (the order
	 * verifier, the demo launcher) have no use for.
	 * @param factory the consumer factory of {@code orders}
	 * @param validator the Bean Validation of the application
	 */
	@SuppressWarnings("unchecked")
	public static void readValidatedOrders(DefaultKafkaConsumerFactory<?, ?> factory, Validator validator) {
		((DefaultKafkaConsumerFactory<?, Order>) factory)
			.setValueDeserializerSupplier(() -> validatingOrderDeserializer(validator));
	}

	/**
	 * A deserializer inside an error-handling deserializer, its result checked against
	 * its Bean Validation constraints: a failure names each broken rule by its path
	 * ({@link ValidatingDeserializer}).
	 * @param <T> the type read
	 * @param delegate what reads the bytes
	 * @param validator the Bean Validation of the application: Spring's adapter of a
	 * Jakarta {@code Validator}, as Spring Boot provides it
	 * @return a new deserializer
	 * @throws IllegalArgumentException if the validator is not backed by a Jakarta
	 * {@code Validator}
	 */
	public static <T> ErrorHandlingDeserializer<T> validating(Deserializer<T> delegate, Validator validator) {
		if (!(validator instanceof SmartValidator smart)) {
			throw new IllegalArgumentException("Not a Bean Validation validator: " + validator);
		}
		return new ErrorHandlingDeserializer<>(
				new ValidatingDeserializer<>(delegate, smart.unwrap(jakarta.validation.Validator.class)));
	}

	private static <T> Serde<T> jsonSerde(Class<T> type) {
		return new JacksonJsonSerde<>(type, OrderContract.jsonMapper()).noTypeInfo().ignoreTypeHeaders();
	}

}
