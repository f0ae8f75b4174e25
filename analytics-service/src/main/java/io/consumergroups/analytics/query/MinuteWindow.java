package io.consumergroups.analytics.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import io.consumergroups.analytics.topology.OrderStats;

/**
 * One window of a {@link RevenueReport}.
 *
 * @param start the window's start, inclusive
 * @param end its end, exclusive
 * @param orders how many orders were placed in it
 * @param revenue their totals, by currency
 */
record MinuteWindow(Instant start, Instant end, long orders, Map<String, BigDecimal> revenue) {

	OrderStats stats() {
		return new OrderStats(this.orders, this.revenue);
	}

}
