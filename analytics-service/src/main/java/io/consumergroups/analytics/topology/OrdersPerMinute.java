package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.streams.kstream.Window;

/**
 * The orders of one region in one window: the value of every record on
 * {@link AnalyticsTopics#ORDERS_PER_MINUTE}, keyed by region. A window is published again
 * each time an order changes it, so a reader keeps the latest value per region and window
 * start.
 *
 * @param region where the orders are shipped
 * @param start the window's start, inclusive
 * @param end the window's end, exclusive
 * @param orders how many orders were placed in the window
 * @param revenue their totals, by currency
 */
public record OrdersPerMinute(String region, Instant start, Instant end, long orders, Map<String, BigDecimal> revenue) {

	static OrdersPerMinute of(String region, Window window, OrderStats stats) {
		return new OrdersPerMinute(region, window.startTime(), window.endTime(), stats.orders(), stats.revenue());
	}

}
