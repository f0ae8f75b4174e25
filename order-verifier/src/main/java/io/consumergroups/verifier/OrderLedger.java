package io.consumergroups.verifier;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * The accounts of exactly-once processing. Every record of {@code orders} that the
 * {@code order-processors} group has committed past must have exactly one outcome: one
 * {@code OrderStatus} naming its partition and offset, or one dead letter naming it as
 * its origin. None is lost; two is a duplicate. Records the group has not reached yet are
 * pending, not lost.
 */
public final class OrderLedger {

	private final Set<TopicPartition> partitions = new TreeSet<>((a, b) -> (a.topic().equals(b.topic()))
			? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));

	private final Map<Position, Integer> outcomes = new HashMap<>();

	private final Map<Position, Boolean> published = new HashMap<>();

	private final Map<Integer, Long> committed = new HashMap<>();

	private long statuses;

	private long deadLetters;

	void published(int partition, long offset) {
		this.published.put(new Position(partition, offset), Boolean.TRUE);
	}

	void committed(int partition, long offset) {
		this.committed.put(partition, offset);
	}

	void status(int partition, long offset) {
		this.statuses++;
		this.outcomes.merge(new Position(partition, offset), 1, Integer::sum);
	}

	void deadLetter(int partition, long offset) {
		this.deadLetters++;
		this.outcomes.merge(new Position(partition, offset), 1, Integer::sum);
	}

	Balance balance() {
		long due = 0;
		long pending = 0;
		long lost = 0;
		long duplicated = 0;
		for (Position position : this.published.keySet()) {
			int count = this.outcomes.getOrDefault(position, 0);
			if (position.offset() >= this.committed.getOrDefault(position.partition(), 0L)) {
				pending++;
				continue;
			}
			due++;
			if (count == 0) {
				lost++;
			}
			else if (count > 1) {
				duplicated++;
			}
		}
		long unknown = this.outcomes.keySet()
			.stream()
			.filter((position) -> !this.published.containsKey(position))
			.count();
		return new Balance(this.published.size(), due, pending, this.statuses, this.deadLetters, lost, duplicated,
				unknown);
	}

	/**
	 * Where a record of {@code orders} is.
	 */
	record Position(int partition, long offset) {

	}

	/**
	 * The result.
	 *
	 * @param published records on {@code orders}
	 * @param due records the group has committed past
	 * @param pending records the group has not reached yet
	 * @param statuses committed statuses
	 * @param deadLetters committed dead letters
	 * @param lost due records without an outcome
	 * @param duplicated due records with more than one
	 * @param unknown outcomes naming no record of {@code orders}
	 */
	public record Balance(long published, long due, long pending, long statuses, long deadLetters, long lost,
			long duplicated, long unknown) {

		public boolean isExact() {
			return this.lost == 0 && this.duplicated == 0 && this.unknown == 0;
		}

	}

}
