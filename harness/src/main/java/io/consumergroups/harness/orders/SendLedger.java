package io.consumergroups.harness.orders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts of {@link SteadyOrders}: which orders the cluster acknowledged, how many
 * malformed records it took, and which sends failed. A failed send has an unknown
 * outcome: the record may have been written all the same (its acknowledgement lost, say).
 * {@link #settle(Written)} decides each from what the topic holds.
 */
final class SendLedger {

	private static final Logger logger = LoggerFactory.getLogger(SendLedger.class);

	/** More unwritten records than this, per hundred sent, fail the settlement. */
	private static final int MOST_UNWRITTEN_PER_HUNDRED = 1;

	private final List<String> acknowledged = new ArrayList<>();

	private final List<FailedSend> failed = new ArrayList<>();

	private int malformed;

	/** Failed sends found not written by {@link #settle(Written)}. */
	private int unwritten;

	/**
	 * The cluster acknowledged a record.
	 * @param orderId the order's id, {@code null} for a malformed record
	 */
	synchronized void acknowledged(String orderId) {
		if (orderId != null) {
			this.acknowledged.add(orderId);
		}
		else {
			this.malformed++;
		}
	}

	/**
	 * The producer reported a send as failed.
	 * @param orderId the order's id, {@code null} for a malformed record
	 * @param value the record's value
	 * @param cause why
	 */
	synchronized void failed(String orderId, byte[] value, Exception cause) {
		this.failed.add(new FailedSend(orderId, value, cause));
	}

	synchronized int malformedCount() {
		return this.malformed;
	}

	synchronized int failedCount() {
		return this.failed.size();
	}

	/**
	 * How many records are done with: acknowledged, or failed (and settled).
	 * @return the count
	 */
	synchronized int settledCount() {
		return this.acknowledged.size() + this.malformed + this.failed.size() + this.unwritten;
	}

	synchronized boolean hasFailures() {
		return !this.failed.isEmpty();
	}

	/**
	 * The orders acknowledged so far, and those of failed sends found written by
	 * {@link #settle(Written)}.
	 * @return their ids, in the order of acknowledgement
	 */
	synchronized List<String> acknowledgedOrders() {
		return List.copyOf(this.acknowledged);
	}

	/**
	 * Decide every failed send from what the topic holds: an order is written if a record
	 * of its id is, a malformed record if a record of its bytes is.
	 * @param written what the topic holds
	 * @throws IllegalStateException if an acknowledged order is missing, or more than one
	 * record in a hundred was not written
	 */
	synchronized void settle(Written written) {
		List<String> unwritten = new ArrayList<>();
		for (FailedSend send : this.failed) {
			boolean found = (send.orderId() != null) ? written.orderIds().contains(send.orderId())
					: written.values().contains(ByteBuffer.wrap(send.value()));
			if (!found) {
				unwritten.add(send.describe());
			}
			else {
				acknowledged(send.orderId());
			}
		}
		List<String> missing = this.acknowledged.stream()
			.filter((orderId) -> !written.orderIds().contains(orderId))
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException(
					missing.size() + " acknowledged orders are not written, among them " + missing.get(0));
		}
		int settled = this.acknowledged.size() + this.malformed + this.unwritten + unwritten.size();
		logger.warn("{} sends failed: {} were written all the same, {} were not, among them {}", this.failed.size(),
				this.failed.size() - unwritten.size(), unwritten.size(), firstOf(unwritten));
		if (unwritten.size() * 100 > settled * MOST_UNWRITTEN_PER_HUNDRED) {
			throw new IllegalStateException(
					unwritten.size() + " of " + settled + " records were not written, among them " + firstOf(unwritten),
					this.failed.get(0).cause());
		}
		this.unwritten += unwritten.size();
		this.failed.clear();
	}

	private static List<String> firstOf(List<String> records) {
		return (records.size() <= 10) ? records : List.copyOf(records.subList(0, 10));
	}

	/**
	 * What a topic holds.
	 *
	 * @param orderIds the ids of the orders among its records
	 * @param values every record's value
	 */
	record Written(Set<String> orderIds, Set<ByteBuffer> values) {

	}

	private record FailedSend(String orderId, byte[] value, Exception cause) {

		String describe() {
			String record = (this.orderId != null) ? this.orderId
					: "malformed record " + new String(this.value, StandardCharsets.UTF_8);
			return record + " (" + this.cause + ")";
		}

	}

}
