package io.consumergroups.analytics.topology;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an {@link Order} from JSON and checks the constraints of its record, so that
 * every malformed record fails here, in one place: not JSON, wrong types, missing fields
 * or no value at all. Kafka Streams hands such a failure to its deserialization exception
 * handler, which sends the record to the dead-letter topic and goes on; an order that
 * reaches the topology is whole, so no aggregate meets a missing total or time.
 */
class ValidOrderDeserializer implements Deserializer<Order> {

	private static final ValidatorFactory validation = Validation.buildDefaultValidatorFactory();

	private final Deserializer<Order> json;

	private final Validator validator = validation.getValidator();

	ValidOrderDeserializer(Deserializer<Order> json) {
		this.json = json;
	}

	@Override
	public Order deserialize(String topic, byte[] data) {
		if (data == null) {
			throw new SerializationException("record has no value");
		}
		Order order = this.json.deserialize(topic, data);
		Set<ConstraintViolation<Order>> violations = this.validator.validate(order);
		if (!violations.isEmpty()) {
			throw new SerializationException("order breaks the Order contract: " + describe(violations));
		}
		return order;
	}

	private static String describe(Set<ConstraintViolation<Order>> violations) {
		return violations.stream()
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted(Comparator.naturalOrder())
			.collect(Collectors.joining(", "));
	}

	@Override
	public void close() {
		this.json.close();
	}

}
