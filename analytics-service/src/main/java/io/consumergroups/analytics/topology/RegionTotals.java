package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The running totals of one region since the first order: the value of every record on
 * {@link AnalyticsTopics#REVENUE_BY_REGION}, keyed by region; the latest record of a
 * region is its current total.
 *
 * @param region where the orders are shipped
 * @param orders how many orders
 * @param revenue their totals, by currency
 */
public record RegionTotals(String region, long orders, Map<String, BigDecimal> revenue) {

	/**
	 * The totals of a region.
	 * @param region the region
	 * @param stats its orders and revenue
	 * @return the totals
	 */
	public static RegionTotals of(String region, OrderStats stats) {
		return new RegionTotals(region, stats.orders(), stats.revenue());
	}

	/**
	 * The totals as stats, to add them up.
	 * @return the orders and revenue
	 */
	public OrderStats stats() {
		return new OrderStats(this.orders, this.revenue);
	}

}
