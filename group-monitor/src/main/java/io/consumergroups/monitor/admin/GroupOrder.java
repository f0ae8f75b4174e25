package io.consumergroups.monitor.admin;

import java.util.Comparator;
import java.util.List;

/**
 * The order in which the groups are shown: the groups named first, in the order given,
 * then every other group by id. The lesson is about {@code order-processors}, so that is
 * the first group by default, before the fan-out groups.
 */
final class GroupOrder {

	private GroupOrder() {
	}

	/**
	 * Group ids in this order.
	 * @param first the ids that come first, in this order
	 * @return the comparator
	 */
	static Comparator<String> firstThenById(List<String> first) {
		return Comparator.<String>comparingInt((id) -> rank(first, id)).thenComparing(Comparator.naturalOrder());
	}

	private static int rank(List<String> first, String id) {
		int index = first.indexOf(id);
		return (index >= 0) ? index : first.size();
	}

}
