package io.consumergroups.archive.archiving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.consumergroups.archive.ArchiveTopics;
import io.consumergroups.archive.config.ArchiveProperties;
import io.consumergroups.archive.objects.ArchivedObject;
import io.consumergroups.archive.objects.ArchivedObjects;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Service;

/**
 * Turns the records of each owned partition into objects, and commits a partition's
 * offset only once the object holding its records is written: an order is in the archive
 * before the group moves past it.
 * <p>
 * Each order lands in exactly one object because of two rules:
 * <ol>
 * <li>the group's committed offset only ever moves to the end of a written object, so
 * every object starts at or after the committed offset of the moment it was written;</li>
 * <li>before a partition's first batch, the bucket is asked for objects starting at or
 * after the committed offset: objects written by a replica that crashed (or lost the
 * partition) before it could commit. The batch starts after the last of them, and the
 * offset is committed there.</li>
 * </ol>
 * So where batches are cut (by size, by age, by a rebalance) may differ from one run to
 * the next: a record is never read into a second object, because the bucket, not only the
 * committed offset, says where the archive ends.
 * <p>
 * A record that is not an order it can hold (not JSON, outside the contract, no value, no
 * key, not keyed by its customer) is sent to {@code archive-service.DLT} with its cause,
 * and its offset taken only once Kafka has acknowledged that dead letter: the commit that
 * moves past it comes later, after the batch's object. Nothing is skipped without a
 * trace, and a dead letter that cannot be sent stops the batch there, to be delivered
 * again, like a write that failed.
 * <p>
 * All of it runs on the consumer thread: the listener, the rebalance callbacks and the
 * idle checks.
 */
@Service
class OrderArchiver {

	private static final Logger logger = LoggerFactory.getLogger(OrderArchiver.class);

	private static final LogAccessor deserializationLog = new LogAccessor(OrderArchiver.class);

	private final ArchiveBucket bucket;

	private final ArchivedObjects archived;

	private final ConsumerAwareRecordRecoverer deadLetters;

	private final Clock clock;

	private final MeterRegistry meters;

	private final int maxOrders;

	private final Duration maxAge;

	private final Duration simulatedCommitDelay;

	private final Map<TopicPartition, PartitionBatch> batches = new ConcurrentHashMap<>();

	OrderArchiver(ArchiveBucket bucket, ArchivedObjects archived, ConsumerAwareRecordRecoverer deadLetters,
			ArchiveProperties properties, Clock clock, MeterRegistry meters) {
		this.bucket = bucket;
		this.archived = archived;
		this.deadLetters = deadLetters;
		this.clock = clock;
		this.meters = meters;
		this.maxOrders = properties.batch().maxOrders();
		this.maxAge = properties.batch().maxAge();
		this.simulatedCommitDelay = properties.simulatedCommitDelay();
	}

	/**
	 * Partitions assigned: a batch for each, from the offset the consumer starts at (the
	 * committed offset, or the earliest one).
	 * @param consumer the consumer
	 * @param partitions the partitions gained
	 */
	void start(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			this.batches.put(partition, new PartitionBatch(partition, consumer.position(partition)));
		}
	}

	/**
	 * Take records into their partitions' batches, and write every batch that is full or
	 * old enough.
	 * @param records what the consumer polled, perhaps delivered again after a failure
	 * @param consumer the consumer, to commit with
	 */
	void archive(List<ConsumerRecord<String, Order>> records, Consumer<?, ?> consumer) {
		Instant now = this.clock.instant();
		Map<TopicPartition, Long> positions = new HashMap<>();
		for (ConsumerRecord<String, Order> record : records) {
			PartitionBatch batch = this.batches.get(new TopicPartition(record.topic(), record.partition()));
			if (batch == null || isStale(record, batch, consumer, positions)) {
				continue;
			}
			if (!batch.checkedBucket()) {
				resume(batch, consumer);
			}
			take(batch, record, consumer, now);
			if (batch.isReady(this.maxOrders, this.maxAge, now)) {
				write(batch, consumer);
			}
		}
		writeReady(consumer, now);
	}

	/**
	 * Write every batch of the consumer's partitions that is full or old enough: called
	 * when no record came for a while, since only records call {@link #archive}.
	 * @param consumer the consumer
	 */
	void writeReady(Consumer<?, ?> consumer) {
		writeReady(consumer, this.clock.instant());
	}

	/**
	 * Partitions revoked in a rebalance: write what their batches hold and commit, so
	 * that their next owner starts where this replica stopped. Should the write fail, the
	 * batch is dropped and the next owner reads it again from the committed offset.
	 * @param consumer the consumer, still owning the partitions
	 * @param partitions the partitions given up
	 */
	void handOver(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			PartitionBatch batch = this.batches.remove(partition);
			if (batch != null && !batch.isEmpty()) {
				try {
					write(batch, consumer);
				}
				catch (RuntimeException ex) {
					// Never fail a rebalance callback: the records are still in the log.
					logger.warn("Could not write the batch of {} when giving it up ({}); its next owner reads it "
							+ "again from offset {}", partition, ex.toString(), batch.key().firstOffset());
				}
			}
		}
	}

	/**
	 * Partitions lost (the session expired): another replica may own them already, so
	 * nothing is written or committed; it reads them again from the committed offset.
	 * @param partitions the partitions lost
	 */
	void drop(Collection<TopicPartition> partitions) {
		partitions.forEach(this.batches::remove);
	}

	/**
	 * Whether a record belongs to no current batch: delivered again by a batch retry
	 * after its partition was revoked and assigned back. A record the consumer delivers
	 * is always before its position; one at or past it was fetched in an earlier
	 * assignment, when the consumer had read further than the committed offset the batch
	 * now starts at.
	 */
	private static boolean isStale(ConsumerRecord<?, ?> record, PartitionBatch batch, Consumer<?, ?> consumer,
			Map<TopicPartition, Long> positions) {
		long position = positions.computeIfAbsent(batch.partition(), consumer::position);
		return record.offset() >= position;
	}

	private void resume(PartitionBatch batch, Consumer<?, ?> consumer) {
		long committed = batch.nextOffset();
		Optional<Long> archivedUpTo = this.bucket.lastOffsetArchivedFrom(batch.partition(), committed);
		if (batch.resumeAfter(archivedUpTo)) {
			logger.info(
					"{}: the bucket holds offsets {} to {}, past the committed offset (written, then not "
							+ "committed: a crash or a lost partition); resuming at {}",
					batch.partition(), committed, archivedUpTo.get(), batch.nextOffset());
			commit(batch, consumer, "resumed");
			this.meters.counter("archive.partitions.resumed").increment();
		}
	}

	private void take(PartitionBatch batch, ConsumerRecord<String, Order> record, Consumer<?, ?> consumer,
			Instant now) {
		if (!batch.expects(record.offset())) {
			// Taken before: the batch is delivered again after a failure.
			return;
		}
		Exception malformation = malformation(record);
		if (malformation == null) {
			batch.add(record.offset(), record.value(), now);
			return;
		}
		// Returns once Kafka has acknowledged the dead letter, and throws if it cannot:
		// the offset is taken only then, so the commit past it never comes first. Wrapped
		// as the container wraps a listener's failure, so the dead letter names the
		// group.
		this.deadLetters.accept(record, consumer, new ListenerExecutionFailedException("Not an order to archive",
				consumer.groupMetadata().groupId(), malformation));
		batch.skip(record.offset(), now);
		logger.warn("Dead-lettered malformed record {}-{}@{} to {}: {}", record.topic(), record.partition(),
				record.offset(), ArchiveTopics.DEAD_LETTERS, brief(malformation));
		this.meters.counter("archive.orders.dead-lettered").increment();
	}

	private void writeReady(Consumer<?, ?> consumer, Instant now) {
		Set<TopicPartition> owned = consumer.assignment();
		for (TopicPartition partition : owned) {
			PartitionBatch batch = this.batches.get(partition);
			if (batch != null && batch.isReady(this.maxOrders, this.maxAge, now)) {
				write(batch, consumer);
			}
		}
	}

	/**
	 * Write the object, then commit the offset after it. Should either fail, the batch
	 * stays as it is, to be written again: under the same key, with the same bytes.
	 */
	private void write(PartitionBatch batch, Consumer<?, ?> consumer) {
		ObjectKey key = batch.key();
		List<Order> orders = batch.orders();
		if (!orders.isEmpty()) {
			byte[] content = ObjectContent.encode(orders);
			this.bucket.put(key, content, orders.size());
			this.archived.add(new ArchivedObject(key.value(), content.length, key.partition(), key.firstOffset(),
					key.lastOffset(), orders.size(), this.clock.instant()));
			this.meters.counter("archive.objects.written").increment();
			this.meters.counter("archive.orders.archived").increment(orders.size());
			logger.info("Archived {} orders of {} (offsets {} to {}) as s3://{}/{}", orders.size(), batch.partition(),
					key.firstOffset(), key.lastOffset(), this.bucket.name(), key);
		}
		simulateCommitDelay();
		commit(batch, consumer, key.value());
		batch.clear();
	}

	/**
	 * Commit synchronously: when this returns, a restart starts after the object. The
	 * commit's metadata names the object, for whoever reads the group's offsets.
	 */
	private static void commit(PartitionBatch batch, Consumer<?, ?> consumer, String metadata) {
		consumer.commitSync(Map.of(batch.partition(), new OffsetAndMetadata(batch.nextOffset(), metadata)));
	}

	private void simulateCommitDelay() {
		if (!this.simulatedCommitDelay.isZero()) {
			try {
				TimeUnit.NANOSECONDS.sleep(this.simulatedCommitDelay.toNanos());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Why a record is not an order the archive can hold.
	 * @param record a record of {@code orders}
	 * @return the cause, or null for a well-formed order keyed by its customer
	 */
	private static Exception malformation(ConsumerRecord<String, Order> record) {
		DeserializationException failed = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, deserializationLog);
		if (failed != null) {
			return failed;
		}
		if (record.value() == null) {
			return new MalformedRecordException("record has no value (a tombstone)");
		}
		if (record.key() == null) {
			return new MalformedRecordException("record has no key; orders are keyed by customer id");
		}
		if (!record.key().equals(record.value().customerId())) {
			return new MalformedRecordException(
					"record key " + brief(record.key()) + " is not the order's customer id");
		}
		return null;
	}

	/** The root cause, short enough for a log line: it may quote a 900 KB value. */
	private static String brief(Exception ex) {
		String cause = NestedExceptionUtils.getMostSpecificCause(ex).toString();
		return (cause.length() <= 500) ? cause : cause.substring(0, 500) + "... (" + cause.length() + " characters)";
	}

	/** A key as a message may quote it: a key can be nearly as large as a record. */
	private static String brief(String key) {
		int max = OrderContract.MAX_ID_LENGTH;
		return (key.length() <= max) ? key : key.substring(0, max) + "... (" + key.length() + " characters)";
	}

}
