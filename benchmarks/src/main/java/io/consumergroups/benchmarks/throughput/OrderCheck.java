package io.consumergroups.benchmarks.throughput;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.OrderStatus;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The per-order work of order-processor, redone without Spring for the plain loop: the
 * {@link Order} constraints (Bean Validation, as order-processor's deserializer checks
 * them), the key check and the business rules of its {@code OrderRules} (currency
 * accepted, total matches the items, total under the limit). The same work, so that the
 * comparison measures the framework, not a different amount of work.
 */
final class OrderCheck {

	private static final Set<String> ACCEPTED_CURRENCIES = Set.of("EUR", "USD", "GBP");

	private static final BigDecimal MAX_TOTAL = new BigDecimal("100000");

	// No expression language on this classpath: the messages are only needed for
	// invalid orders, and the benchmark sends none
	private final Validator validator = Validation.byDefaultProvider()
		.configure()
		.messageInterpolator(new ParameterMessageInterpolator())
		.buildValidatorFactory()
		.getValidator();

	private final String instanceId;

	OrderCheck(String instanceId) {
		this.instanceId = instanceId;
	}

	/**
	 * Check an order and say what became of it.
	 * @param key the record key
	 * @param order the decoded value
	 * @param partition where it was read from
	 * @param offset its offset
	 * @return its status
	 * @throws IllegalArgumentException for a malformed order (order-processor would
	 * dead-letter it; the benchmark sends none)
	 */
	OrderStatus process(String key, Order order, int partition, long offset) {
		if (order == null || key == null || !key.equals(order.customerId())
				|| !this.validator.validate(order).isEmpty()) {
			throw new IllegalArgumentException("Malformed order at " + partition + "@" + offset);
		}
		String violation = violation(order);
		OrderStatus.Status status = (violation != null) ? OrderStatus.Status.REJECTED : OrderStatus.Status.ACCEPTED;
		return new OrderStatus(order.orderId(), order.customerId(), status, violation, this.instanceId, partition,
				offset, Instant.now());
	}

	private static String violation(Order order) {
		if (!ACCEPTED_CURRENCIES.contains(order.currency())) {
			return "currency " + order.currency() + " is not accepted";
		}
		BigDecimal linesTotal = order.items()
			.stream()
			.map(OrderItem::lineTotal)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		if (linesTotal.compareTo(order.total()) != 0) {
			return "total " + order.total() + " does not match the items";
		}
		if (order.total().compareTo(MAX_TOTAL) > 0) {
			return "total " + order.total() + " exceeds the limit of " + MAX_TOTAL;
		}
		return null;
	}

}
