package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;

/**
 * How many orders, and how much revenue: the aggregate of a window or of a region.
 * Revenue is kept per currency, since amounts in EUR and USD do not add up.
 * <p>
 * Amounts are kept with 0 to {@value OrderContract#MAX_FRACTION_DIGITS} decimal places,
 * as the contract allows: {@code 1.5000000000} (any number of trailing zeros is within
 * the contract) becomes {@code 1.5} and {@code 1E+3} becomes {@code 1000}, exactly. So a
 * sum keeps a few dozen digits however it was written, and its JSON in a store or on a
 * topic never nears Jackson's limit of 1000 digits per number, nor a record the size
 * limit ({@code OrderStatsTest}).
 *
 * @param orders the number of orders
 * @param revenue the sum of the orders' totals, by ISO 4217 currency code
 */
public record OrderStats(long orders, Map<String, BigDecimal> revenue) {

	/**
	 * Digits before the point of a sum: the contract's largest amount, times as many
	 * orders as a {@code long} counts.
	 */
	private static final int MAX_INTEGER_DIGITS = OrderContract.MAX_INTEGER_DIGITS + 19;

	private static final OrderStats NONE = new OrderStats(0, Map.of());

	public OrderStats {
		// Sorted, so that JSON and HTTP answers list currencies in a stable order.
		TreeMap<String, BigDecimal> sorted = new TreeMap<>();
		revenue.forEach((currency, amount) -> sorted.put(currency, canonical(amount)));
		revenue = Collections.unmodifiableSortedMap(sorted);
	}

	/**
	 * An amount with 0 to {@link OrderContract#MAX_FRACTION_DIGITS} decimal places, equal
	 * to the one given: within the contract only trailing zeros are cut, nothing is
	 * rounded. An amount beyond it fails, checked by scale and precision before any
	 * arithmetic: rescaling {@code 1E+500000000} would take seconds and hundreds of
	 * megabytes.
	 */
	private static BigDecimal canonical(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		if (stripped.scale() > OrderContract.MAX_FRACTION_DIGITS
				|| (long) stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
			throw new ArithmeticException(
					"amount outside the order contract: scale " + amount.scale() + ", precision " + amount.precision());
		}
		if (amount.scale() >= 0 && amount.scale() <= OrderContract.MAX_FRACTION_DIGITS) {
			return amount;
		}
		return stripped.setScale(Math.max(stripped.scale(), 0), RoundingMode.UNNECESSARY);
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
