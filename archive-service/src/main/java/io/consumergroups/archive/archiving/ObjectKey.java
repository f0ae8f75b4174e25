package io.consumergroups.archive.archiving;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.TopicPartition;

/**
 * The key of an archive object: where its records come from, and so what it holds, e.g.
 * {@code orders/partition=3/00000000000000000041-00000000000000000099.ndjson.gz} for the
 * records of partition 3 of {@code orders} from offset 41 to offset 99.
 * <p>
 * Offsets are zero-padded to 20 digits (a long has at most 19), so the keys of a
 * partition sort by offset: listing the keys after a given offset is one S3 request, and
 * a browser of the bucket shows them in order.
 *
 * @param topic the topic the records were read from
 * @param partition its partition
 * @param firstOffset the offset of the first record the object covers
 * @param lastOffset the offset of the last record the object covers
 */
public record ObjectKey(String topic, int partition, long firstOffset, long lastOffset) {

	private static final String SUFFIX = ".ndjson.gz";

	private static final Pattern KEY = Pattern
		.compile("(?<topic>[^/]+)/partition=(?<partition>\\d+)/(?<first>\\d{20})-(?<last>\\d{20})\\.ndjson\\.gz");

	public ObjectKey {
		if (firstOffset < 0 || lastOffset < firstOffset) {
			throw new IllegalArgumentException("Not an offset range: " + firstOffset + "-" + lastOffset);
		}
	}

	/**
	 * The key of the object covering a range of a partition.
	 * @param partition the topic and partition
	 * @param firstOffset the first offset covered
	 * @param lastOffset the last offset covered
	 * @return the key
	 */
	public static ObjectKey of(TopicPartition partition, long firstOffset, long lastOffset) {
		return new ObjectKey(partition.topic(), partition.partition(), firstOffset, lastOffset);
	}

	/**
	 * Read a key back.
	 * @param key an S3 key
	 * @return the key, or empty when it is not an archive object's
	 */
	public static Optional<ObjectKey> parse(String key) {
		Matcher matcher = KEY.matcher(key);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new ObjectKey(matcher.group("topic"), Integer.parseInt(matcher.group("partition")),
				Long.parseLong(matcher.group("first")), Long.parseLong(matcher.group("last"))));
	}

	/**
	 * The common beginning of every key of a partition.
	 * @param partition the topic and partition
	 * @return e.g. {@code orders/partition=3/}
	 */
	public static String prefix(TopicPartition partition) {
		return partition.topic() + "/partition=" + partition.partition() + "/";
	}

	/**
	 * A string that sorts just before every key of the partition whose first offset is
	 * {@code offset} or more, and after every key whose first offset is less: what S3's
	 * {@code start-after} needs to list the objects from an offset on.
	 * @param partition the topic and partition
	 * @param offset the smallest first offset wanted
	 * @return e.g. {@code orders/partition=3/00000000000000000041}
	 */
	public static String startingAt(TopicPartition partition, long offset) {
		return prefix(partition) + pad(offset);
	}

	/**
	 * The S3 key.
	 * @return e.g.
	 * {@code orders/partition=3/00000000000000000041-00000000000000000099.ndjson.gz}
	 */
	public String value() {
		return this.topic + "/partition=" + this.partition + "/" + pad(this.firstOffset) + "-" + pad(this.lastOffset)
				+ SUFFIX;
	}

	@Override
	public String toString() {
		return value();
	}

	private static String pad(long offset) {
		return String.format("%020d", offset);
	}

}
