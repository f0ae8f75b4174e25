package io.consumergroups.analytics.topology;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

/**
 * Reads an {@link Order} by the {@link OrderContract}: its strict JSON, then the
 * constraints of the record, so that every malformed record fails here, in one place: not
 * JSON, wrong types, missing fields, amounts, quantities or times outside the contract,
 * or no value at all. Kafka Streams hands such a failure to its deserialization exception
 * handler, which dead-letters the record and goes on; an order that reaches the topology
 * is whole and bounded, so no aggregate meets a missing total, an amount like
 * {@code 1e-999999999} or a time like year +999999999.
 * <p>
 * The exception names what is wrong without quoting the record: it goes into the dead
 * letter's headers and the log, and a record may be a megabyte. (Spring Kafka's
 * {@code JacksonJsonDeserializer} puts the whole input in its message, as a list of byte
 * values.)
 */
class ValidOrderDeserializer implements Deserializer<Order> {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private final ObjectReader json = OrderContract.jsonMapper().readerFor(Order.class);

	@Override
	public Order deserialize(String topic, byte[] data) {
		if (data == null) {
			throw new SerializationException("record has no value");
		}
		Order order = read(data);
		if (order == null) {
			throw new SerializationException("record value is JSON null, not an order");
		}
		Set<ConstraintViolation<Order>> violations = validator.validate(order);
		if (!violations.isEmpty()) {
			throw new SerializationException("order breaks the order contract: " + describe(violations));
		}
		return order;
	}

	private Order read(byte[] data) {
		try {
			return this.json.readValue(data);
		}
		catch (JacksonException ex) {
			// Jackson's message: what and where, with at most a short excerpt of a token.
			throw new SerializationException("not an order in the contract's JSON: " + ex.getMessage(), ex);
		}
	}

	private static String describe(Set<ConstraintViolation<Order>> violations) {
		return violations.stream()
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted(Comparator.naturalOrder())
			.collect(Collectors.joining(", "));
	}

}
