package io.consumergroups.orderprocessor.processing;

import java.math.BigDecimal;
import java.util.Optional;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.orderprocessor.config.ProcessorProperties;

import org.springframework.stereotype.Component;

/**
 * The business rules an order must pass to be accepted. A broken rule is not an error:
 * the order is processed, and its status says REJECTED with the reason.
 */
@Component
class OrderRules {

	private final ProcessorProperties properties;

	OrderRules(ProcessorProperties properties) {
		this.properties = properties;
	}

	/**
	 * Check an order against every rule.
	 * @param order a well-formed order
	 * @return the first rule it breaks, or empty when it is accepted
	 */
	Optional<String> violation(Order order) {
		if (!this.properties.acceptedCurrencies().contains(order.currency())) {
			return Optional.of("currency " + order.currency() + " is not accepted");
		}
		BigDecimal linesTotal = order.items()
			.stream()
			.map(OrderItem::lineTotal)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		if (linesTotal.compareTo(order.total()) != 0) {
			return Optional.of("total " + order.total() + " does not match the items ("
					+ linesTotal.stripTrailingZeros().toPlainString() + ")");
		}
		if (order.total().compareTo(this.properties.maxTotal()) > 0) {
			return Optional.of("total " + order.total() + " exceeds the limit of " + this.properties.maxTotal());
		}
		return Optional.empty();
	}

}
