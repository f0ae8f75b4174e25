package io.consumergroups.it.archive;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an archive object's key says it covers, read by the test on its own: e.g.
 * {@code orders/partition=3/00000000000000000041-00000000000000000099.ndjson.gz}.
 *
 * @param partition the partition of {@code orders}
 * @param firstOffset the first offset covered
 * @param lastOffset the last offset covered
 */
record ObjectRange(int partition, long firstOffset, long lastOffset) {

	private static final Pattern KEY = Pattern.compile("orders/partition=(\\d+)/(\\d{20})-(\\d{20})\\.ndjson\\.gz");

	static ObjectRange of(String key) {
		Matcher matcher = KEY.matcher(key);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not an archive object's key: " + key);
		}
		return new ObjectRange(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Long.parseLong(matcher.group(3)));
	}

	boolean overlaps(ObjectRange other) {
		return this.partition == other.partition && this.firstOffset <= other.lastOffset
				&& other.firstOffset <= this.lastOffset;
	}

}
