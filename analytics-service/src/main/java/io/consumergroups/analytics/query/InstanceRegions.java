package io.consumergroups.analytics.query;

import java.util.List;

import io.consumergroups.analytics.topology.RegionTotals;

/**
 * One instance's part of {@code GET /analytics/regions}: the regions in the partitions
 * whose tasks it runs, and which partitions those are, so that the instance putting the
 * answer together can check that no partition is missing or counted twice.
 *
 * @param partitions the partitions of the region stores this instance answered for
 * @param regions the regions in them
 */
record InstanceRegions(List<Integer> partitions, List<RegionTotals> regions) {

}
