package io.consumergroups.archive.objects;

import java.time.Instant;

/**
 * An object the archive wrote.
 *
 * @param key its S3 key
 * @param size its size in bytes, compressed
 * @param partition the partition of {@code orders} its records come from
 * @param firstOffset the first offset it covers
 * @param lastOffset the last offset it covers
 * @param count how many orders it holds; fewer than the offsets it covers when some
 * records were malformed
 * @param writtenAt when it was written
 */
public record ArchivedObject(String key, long size, int partition, long firstOffset, long lastOffset, int count,
		Instant writtenAt) {

}
