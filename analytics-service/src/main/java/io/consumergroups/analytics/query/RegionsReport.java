package io.consumergroups.analytics.query;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.consumergroups.analytics.topology.OrderStats;
import io.consumergroups.analytics.topology.RegionTotals;

/**
 * {@code GET /analytics/regions}: the running totals of every region, and their sum.
 *
 * @param orders the orders of all regions
 * @param revenue the revenue of all regions, by currency
 * @param regions each region, by name
 */
record RegionsReport(long orders, Map<String, BigDecimal> revenue, List<RegionTotals> regions) {

	static RegionsReport of(List<RegionTotals> regions) {
		OrderStats sum = regions.stream().map(RegionTotals::stats).reduce(OrderStats.none(), OrderStats::plus);
		return new RegionsReport(sum.orders(), sum.revenue(),
				regions.stream().sorted(Comparator.comparing(RegionTotals::region)).toList());
	}

}
