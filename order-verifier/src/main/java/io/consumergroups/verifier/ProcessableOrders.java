package io.consumergroups.verifier;

import java.util.Optional;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import jakarta.validation.Validation;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Which records of {@code orders} are orders that must get a status: those
 * order-processor lets through its door. The value passes the {@link Order} contract of
 * order-events (JSON, then Bean Validation, through the same deserializer), and the
 * record is keyed by the order's customer, as order-processor's {@code OrderProcessor}
 * checks. Any other record must end as a dead letter.
 */
final class ProcessableOrders {

	// No expression language on this classpath: messages of broken constraints are not
	// needed here, only whether one is broken
	private final ErrorHandlingDeserializer<Order> deserializer = Topics
		.validatingOrderDeserializer(new SpringValidatorAdapter(Validation.byDefaultProvider()
			.configure()
			.messageInterpolator(new ParameterMessageInterpolator())
			.buildValidatorFactory()
			.getValidator()));

	/**
	 * The id of the order a record holds.
	 * @param key the record key
	 * @param value the record value
	 * @return the order id, or empty for a malformed record
	 */
	Optional<String> orderId(String key, byte[] value) {
		Order order = (value != null) ? this.deserializer.deserialize(Topics.ORDERS, new RecordHeaders(), value) : null;
		if (order == null || key == null || !key.equals(order.customerId())) {
			return Optional.empty();
		}
		return Optional.of(order.orderId());
	}

}
