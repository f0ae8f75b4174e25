package io.consumergroups.harness.orders;

import java.time.Instant;

import io.consumergroups.events.Order;

/**
 * The orders {@link SteadyOrders} publishes, by number.
 */
@FunctionalInterface
public interface OrderSeries {

	/**
	 * The n-th order.
	 * @param n its number
	 * @param sentAt when it is sent, for a series that stamps its orders
	 * @return the order
	 */
	Order order(long n, Instant sentAt);

	/**
	 * {@link OrderFixtures#order(int)}: the same orders at every run, whatever the time,
	 * so that a test can tell which it expects.
	 * @return the series
	 */
	static OrderSeries numbered() {
		return (n, sentAt) -> OrderFixtures.order(Math.toIntExact(n));
	}

	/**
	 * Orders created when they are sent, so that their {@link Order#createdAt()} is the
	 * start of their end-to-end latency.
	 * @param prefix the order id prefix, unique to the series
	 * @return the series
	 */
	static OrderSeries stamped(String prefix) {
		return (n, sentAt) -> OrderFixtures.order(prefix, n, sentAt);
	}

	/**
	 * Orders created when they are sent, whose customers take the partitions in turn
	 * ({@link OrderFixtures.RoundThePartitions}).
	 * @param prefix the order id prefix, unique to the series
	 * @param partitions the partitions of {@code orders}
	 * @return the series
	 */
	static OrderSeries stampedRoundThePartitions(String prefix, int partitions) {
		OrderFixtures.RoundThePartitions customers = new OrderFixtures.RoundThePartitions(partitions);
		return (n, sentAt) -> customers.order(prefix, n, sentAt);
	}

}
