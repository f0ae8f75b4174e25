package io.consumergroups.archive.archiving;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 bucket the archive writes to, through the AWS SDK's S3 client: the same calls
 * against AWS, MinIO or S3Proxy.
 */
public class ArchiveBucket {

	private static final Logger logger = LoggerFactory.getLogger(ArchiveBucket.class);

	private final S3Client s3;

	private final String name;

	public ArchiveBucket(S3Client s3, String name) {
		this.s3 = s3;
		this.name = name;
	}

	/**
	 * Create the bucket unless it exists: for MinIO and S3Proxy, which start empty. On
	 * AWS the bucket is usually made by infrastructure code, and this is turned off.
	 */
	public void createIfMissing() {
		try {
			this.s3.headBucket((request) -> request.bucket(this.name));
		}
		catch (NoSuchBucketException ex) {
			this.s3.createBucket((request) -> request.bucket(this.name));
			logger.info("Created the bucket {}", this.name);
		}
	}

	/**
	 * The bucket's name.
	 * @return e.g. {@code orders-archive}
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Write an object, replacing any object of the same key (one of the same key holds
	 * the same records).
	 * @param key the key
	 * @param content gzip-compressed NDJSON
	 * @param orders how many orders it holds, kept in the object's metadata
	 */
	void put(ObjectKey key, byte[] content, int orders) {
		Map<String, String> metadata = Map.of("topic", key.topic(), "partition", String.valueOf(key.partition()),
				"first-offset", String.valueOf(key.firstOffset()), "last-offset", String.valueOf(key.lastOffset()),
				"orders", String.valueOf(orders));
		this.s3.putObject((request) -> request.bucket(this.name)
			.key(key.value())
			.contentType(ObjectContent.CONTENT_TYPE)
			.metadata(metadata), RequestBody.fromBytes(content));
	}

	/**
	 * The last offset covered by the objects of a partition that start at an offset or
	 * later: the records the archive holds although the group's committed offset does not
	 * say so yet.
	 * @param partition the partition
	 * @param offset the offset from which to look, the partition's committed offset
	 * @return the last offset archived, or empty when no object starts there or later
	 */
	Optional<Long> lastOffsetArchivedFrom(TopicPartition partition, long offset) {
		// Usually no object, or one: listed in one request.
		return this.s3
			.listObjectsV2Paginator((request) -> request.bucket(this.name)
				.prefix(ObjectKey.prefix(partition))
				.startAfter(ObjectKey.startingAt(partition, offset)))
			.contents()
			.stream()
			.map(S3Object::key)
			.map(ObjectKey::parse)
			.flatMap(Optional::stream)
			.map(ObjectKey::lastOffset)
			.max(Long::compare);
	}

}
