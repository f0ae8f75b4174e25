package io.consumergroups.archive.archiving;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.consumergroups.events.Order;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition read since its last object: the orders to write, and the
 * range of offsets the next object covers (dead-lettered records included, so that
 * committing after the object moves past them too).
 * <p>
 * It knows the next offset it expects, and ignores any record before it: when the
 * container delivers a batch of records again (the error handler retries a failed write
 * that way), the records already taken are not taken twice. Used by the consumer thread
 * only.
 */
final class PartitionBatch {

	private final TopicPartition partition;

	private final List<Order> orders = new ArrayList<>();

	private long nextOffset;

	private long firstOffset = -1;

	private long lastOffset = -1;

	private Instant openedAt;

	private boolean checkedBucket;

	/**
	 * A batch starting at an offset.
	 * @param partition the partition its records come from
	 * @param nextOffset the first offset to take, the group's committed offset: every
	 * record before it is archived already
	 */
	PartitionBatch(TopicPartition partition, long nextOffset) {
		this.partition = partition;
		this.nextOffset = nextOffset;
	}

	/**
	 * Whether the bucket has been asked for objects past the committed offset yet.
	 * @return false until {@link #resumeAfter} has been called
	 */
	boolean checkedBucket() {
		return this.checkedBucket;
	}

	/**
	 * Skip what the bucket holds already: objects written after the committed offset
	 * whose commit never happened (the service crashed between the two).
	 * @param lastArchivedOffset the last offset the bucket's objects cover from the
	 * committed offset on, if any
	 * @return true when the batch now starts later than the committed offset
	 */
	boolean resumeAfter(Optional<Long> lastArchivedOffset) {
		if (!isEmpty()) {
			throw new IllegalStateException("The batch of " + this.partition + " has started already");
		}
		this.checkedBucket = true;
		if (lastArchivedOffset.isEmpty() || lastArchivedOffset.get() < this.nextOffset) {
			return false;
		}
		this.nextOffset = lastArchivedOffset.get() + 1;
		return true;
	}

	/**
	 * Whether a record is still to be taken: the batch ignores records before the next
	 * offset it expects.
	 * @param offset the record's offset
	 * @return false if the offset was taken before
	 */
	boolean expects(long offset) {
		return offset >= this.nextOffset;
	}

	/**
	 * Take an order.
	 * @param offset its offset
	 * @param order the order
	 * @param now the time, which opens the batch if it is empty
	 * @return false if the offset was taken before, and the order ignored
	 */
	boolean add(long offset, Order order, Instant now) {
		if (!take(offset, now)) {
			return false;
		}
		this.orders.add(order);
		return true;
	}

	/**
	 * Take a record that is not an order, once it is dead-lettered: its offset is
	 * covered, nothing is written.
	 * @param offset its offset
	 * @param now the time, which opens the batch if it is empty
	 * @return false if the offset was taken before
	 */
	boolean skip(long offset, Instant now) {
		return take(offset, now);
	}

	private boolean take(long offset, Instant now) {
		if (!expects(offset)) {
			return false;
		}
		if (isEmpty()) {
			this.firstOffset = offset;
			this.openedAt = now;
		}
		this.lastOffset = offset;
		this.nextOffset = offset + 1;
		return true;
	}

	/**
	 * Whether the batch has taken no record since its last object.
	 * @return true when there is nothing to write or commit
	 */
	boolean isEmpty() {
		return this.firstOffset < 0;
	}

	/**
	 * Whether the batch must be written now.
	 * @param maxOrders the most orders in one object
	 * @param maxAge how long the first record may wait
	 * @param now the time
	 * @return true when it holds {@code maxOrders} orders, or its first record has waited
	 * {@code maxAge}
	 */
	boolean isReady(int maxOrders, Duration maxAge, Instant now) {
		if (isEmpty()) {
			return false;
		}
		return this.orders.size() >= maxOrders || !now.isBefore(this.openedAt.plus(maxAge));
	}

	/**
	 * The key of the object this batch becomes.
	 * @return the key, from the first to the last offset taken
	 * @throws IllegalStateException if the batch is empty
	 */
	ObjectKey key() {
		if (isEmpty()) {
			throw new IllegalStateException("An empty batch of " + this.partition + " has no key");
		}
		return ObjectKey.of(this.partition, this.firstOffset, this.lastOffset);
	}

	/**
	 * The orders taken, in offset order.
	 * @return the orders, possibly none when every record was malformed
	 */
	List<Order> orders() {
		return List.copyOf(this.orders);
	}

	/**
	 * Where the group's committed offset goes once this batch is written.
	 * @return the offset after the last one taken
	 */
	long nextOffset() {
		return this.nextOffset;
	}

	TopicPartition partition() {
		return this.partition;
	}

	/**
	 * Start again empty, after the batch has been written and committed. The next offset
	 * stays: what came before is archived.
	 */
	void clear() {
		this.orders.clear();
		this.firstOffset = -1;
		this.lastOffset = -1;
		this.openedAt = null;
	}

}
