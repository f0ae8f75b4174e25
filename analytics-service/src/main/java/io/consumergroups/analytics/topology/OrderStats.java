package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.consumergroups.events.Order;

/**
 * How many orders, and how much revenue: the aggregate of a window or of a region.
 * Revenue is kept per currency, since amounts in EUR and USD do not add up.
 *
 * @param orders the number of orders
 * @param revenue the sum of the orders' totals, by ISO 4217 currency code
 */
public record OrderStats(long orders, Map<String, BigDecimal> revenue) {

	private static final OrderStats NONE = new OrderStats(0, Map.of());

	public OrderStats {
		// Sorted, so that JSON and HTTP answers list currencies in a stable order.
		revenue = Collections.unmodifiableSortedMap(new TreeMap<>(revenue));
	}

	/**
	 * No orders yet: the initial value of every aggregate.
	 * @return zero orders, no revenue
	 */
	public static OrderStats none() {
		return NONE;
	}

	/**
	 * These stats with one more order.
	 * @param order the order to count
	 * @return new stats
	 */
	public OrderStats add(Order order) {
		return plus(new OrderStats(1, Map.of(order.currency(), order.total())));
	}

	/**
	 * These stats and others together, e.g. two windows or two regions.
	 * @param other the stats to add
	 * @return new stats
	 */
	public OrderStats plus(OrderStats other) {
		Map<String, BigDecimal> sum = new TreeMap<>(this.revenue);
		other.revenue.forEach((currency, amount) -> sum.merge(currency, amount, BigDecimal::add));
		return new OrderStats(this.orders + other.orders, sum);
	}

}
