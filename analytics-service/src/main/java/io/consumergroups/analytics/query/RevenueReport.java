package io.consumergroups.analytics.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.consumergroups.analytics.topology.OrderStats;

/**
 * {@code GET /analytics/revenue}: the windows of a region that start in
 * {@code [from, to)}, and their sum.
 *
 * @param region the region
 * @param from the start of the range, inclusive
 * @param to the end of the range, exclusive
 * @param orders the orders of all windows
 * @param revenue the revenue of all windows, by currency
 * @param windows the windows with at least one order, oldest first
 */
record RevenueReport(String region, Instant from, Instant to, long orders, Map<String, BigDecimal> revenue,
		List<MinuteWindow> windows) {

	static RevenueReport of(String region, Instant from, Instant to, List<MinuteWindow> windows) {
		OrderStats sum = windows.stream().map(MinuteWindow::stats).reduce(OrderStats.none(), OrderStats::plus);
		return new RevenueReport(region, from, to, sum.orders(), sum.revenue(), windows);
	}

}
