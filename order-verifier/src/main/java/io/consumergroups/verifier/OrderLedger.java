package io.consumergroups.verifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The accounts of exactly-once processing, kept twice.
 * <p>
 * By position: every record of {@code orders} that the {@code order-processors} group has
 * committed past must have exactly one outcome, one {@code OrderStatus} naming its
 * partition and offset or one dead letter naming it as its origin. None is lost; two is a
 * duplicate. Records the group has not reached yet are pending, not lost. A status must
 * also be about the order at the position it names: its order id is that record's.
 * <p>
 * By order id: the ids of the valid orders on {@code orders} must be exactly the ids with
 * one status. An id the group has committed past without a status is missing; an id with
 * two statuses is duplicated; a status for an id no valid order has is unknown.
 * <p>
 * A share group ({@link Delivery#AT_LEAST_ONCE}) commits no offsets and delivers a record
 * again when its member fails before acknowledging it: every record is due, and a record
 * may have one status per delivery (told apart by the {@code deliveryCount} its status
 * carries). Two statuses from the same delivery are a duplicate, as is a status beside a
 * dead letter; several dead letters of one record are redeliveries (a dead letter carries
 * no delivery count).
 */
public final class OrderLedger {

	/**
	 * What the group promises.
	 */
	public enum Delivery {

		/**
		 * A consumer group with transactions: one outcome for each record it committed
		 * past.
		 */
		EXACTLY_ONCE,

		/**
		 * A share group: at least one outcome for each record, and at most one per
		 * delivery.
		 */
		AT_LEAST_ONCE

	}

	private final Delivery delivery;

	/** Order ids of the valid records, by position; null for a malformed one. */
	private final Map<Position, String> published = new HashMap<>();

	/** Where each valid order id was published. */
	private final Map<String, Position> orders = new HashMap<>();

	private final Map<Position, Integer> outcomes = new HashMap<>();

	/**
	 * The delivery count of each status at a position; null where the status has none.
	 */
	private final Map<Position, List<Integer>> statusDeliveries = new HashMap<>();

	private final Map<Position, Integer> deadLettersAt = new HashMap<>();

	private final Map<String, Integer> statusesById = new HashMap<>();

	private final List<Status> statuses = new ArrayList<>();

	private final Map<Integer, Long> committed = new HashMap<>();

	private long deadLetters;

	/** The accounts of a consumer group that processes each record exactly once. */
	public OrderLedger() {
		this(Delivery.EXACTLY_ONCE);
	}

	public OrderLedger(Delivery delivery) {
		this.delivery = delivery;
	}

	/**
	 * A record of {@code orders}.
	 * @param partition its partition
	 * @param offset its offset
	 * @param orderId the id of the valid order it holds, or null for a malformed record
	 */
	void published(int partition, long offset, String orderId) {
		Position position = new Position(partition, offset);
		this.published.put(position, orderId);
		if (orderId != null) {
			this.orders.putIfAbsent(orderId, position);
		}
	}

	void committed(int partition, long offset) {
		this.committed.put(partition, offset);
	}

	void status(int partition, long offset, String orderId) {
		status(partition, offset, orderId, null);
	}

	/**
	 * A status of {@code order-status}.
	 * @param partition the partition of the order it is about
	 * @param offset the offset of that order
	 * @param orderId the order id it names
	 * @param deliveryCount which delivery of the record it was processed on, or null (a
	 * consumer group's status has none)
	 */
	void status(int partition, long offset, String orderId, Integer deliveryCount) {
		Position position = new Position(partition, offset);
		// No valid order has a blank id: a status without one is about no order
		String id = Objects.requireNonNullElse(orderId, "");
		this.statuses.add(new Status(position, id));
		this.outcomes.merge(position, 1, Integer::sum);
		this.statusesById.merge(id, 1, Integer::sum);
		this.statusDeliveries.computeIfAbsent(position, (key) -> new ArrayList<>()).add(deliveryCount);
	}

	void deadLetter(int partition, long offset) {
		Position position = new Position(partition, offset);
		this.deadLetters++;
		this.outcomes.merge(position, 1, Integer::sum);
		this.deadLettersAt.merge(position, 1, Integer::sum);
	}

	Balance balance() {
		long due = 0;
		long pending = 0;
		long lost = 0;
		long duplicated = 0;
		long redelivered = 0;
		for (Position position : this.published.keySet()) {
			int count = this.outcomes.getOrDefault(position, 0);
			if (isPending(position)) {
				pending++;
				continue;
			}
			due++;
			if (count == 0) {
				lost++;
			}
			else if (count > 1) {
				if (isRedelivery(position)) {
					redelivered++;
				}
				else {
					duplicated++;
				}
			}
		}
		long unknown = this.outcomes.keySet()
			.stream()
			.filter((position) -> !this.published.containsKey(position))
			.count();
		// A status at a malformed record's position is about no order, so never matches
		long mismatched = this.statuses.stream()
			.filter((status) -> this.published.containsKey(status.position())
					&& !Objects.equals(this.published.get(status.position()), status.orderId()))
			.count();
		return new Balance(this.delivery, this.published.size(), due, pending, this.statuses.size(), this.deadLetters,
				lost, duplicated, redelivered, unknown, mismatched, orderIds());
	}

	/**
	 * Whether the outcomes at a position are one per delivery, as a share group may give:
	 * only statuses, each of another delivery, or only dead letters.
	 */
	private boolean isRedelivery(Position position) {
		if (this.delivery != Delivery.AT_LEAST_ONCE) {
			return false;
		}
		List<Integer> deliveries = this.statusDeliveries.getOrDefault(position, List.of());
		if (deliveries.isEmpty()) {
			return true;
		}
		return !this.deadLettersAt.containsKey(position) && !deliveries.contains(null)
				&& Set.copyOf(deliveries).size() == deliveries.size();
	}

	private OrderIds orderIds() {
		Set<String> withOneStatus = new TreeSet<>();
		Set<String> duplicated = new TreeSet<>();
		Set<String> unknown = new TreeSet<>();
		this.statusesById.forEach((orderId, count) -> {
			Position position = this.orders.get(orderId);
			if (count == 1
					|| (position != null && count.equals(this.outcomes.get(position)) && isRedelivery(position))) {
				withOneStatus.add(orderId);
			}
			else {
				duplicated.add(orderId);
			}
			if (!this.orders.containsKey(orderId)) {
				unknown.add(orderId);
			}
		});
		Set<String> missing = this.orders.entrySet()
			.stream()
			.filter((order) -> !isPending(order.getValue()) && !this.statusesById.containsKey(order.getKey()))
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(TreeSet::new));
		return new OrderIds(Set.copyOf(this.orders.keySet()), Set.copyOf(withOneStatus), List.copyOf(missing),
				List.copyOf(duplicated), List.copyOf(unknown));
	}

	private boolean isPending(Position position) {
		// A share group commits no offsets: every record is due once the group is idle
		return this.delivery == Delivery.EXACTLY_ONCE
				&& position.offset() >= this.committed.getOrDefault(position.partition(), 0L);
	}

	/**
	 * Where a record of {@code orders} is.
	 */
	record Position(int partition, long offset) {

	}

	private record Status(Position position, String orderId) {

	}

	/**
	 * The result.
	 *
	 * @param delivery what the group promises
	 * @param published records on {@code orders}
	 * @param due records the group has committed past (in a share group: all)
	 * @param pending records the group has not reached yet
	 * @param statuses committed statuses
	 * @param deadLetters committed dead letters
	 * @param lost due records without an outcome
	 * @param duplicated due records with more than one (in a share group: more than one
	 * from the same delivery)
	 * @param redelivered due records of a share group with one outcome per delivery, more
	 * than one
	 * @param unknown outcomes naming no record of {@code orders}
	 * @param mismatched statuses whose order id is not that of the record at the position
	 * they name
	 * @param orderIds the accounts by order id
	 */
	public record Balance(Delivery delivery, long published, long due, long pending, long statuses, long deadLetters,
			long lost, long duplicated, long redelivered, long unknown, long mismatched, OrderIds orderIds) {

		public boolean isExact() {
			return this.lost == 0 && this.duplicated == 0 && this.unknown == 0 && this.mismatched == 0
					&& this.orderIds.isExact();
		}

	}

	/**
	 * The accounts by order id.
	 *
	 * @param orders the ids of the valid orders on {@code orders}
	 * @param withOneStatus the ids with exactly one status (in a share group: one per
	 * delivery)
	 * @param missing ids of orders the group has committed past, without a status
	 * @param duplicated ids with more than one status (in a share group: more than one
	 * from the same delivery)
	 * @param unknown ids with a status but no valid order on {@code orders}
	 */
	public record OrderIds(Set<String> orders, Set<String> withOneStatus, List<String> missing, List<String> duplicated,
			List<String> unknown) {

		public boolean isExact() {
			return this.missing.isEmpty() && this.duplicated.isEmpty() && this.unknown.isEmpty();
		}

		/** Counts, and the first few ids that break the accounts: the sets are large. */
		@Override
		public String toString() {
			return "OrderIds[orders=" + this.orders.size() + ", withOneStatus=" + this.withOneStatus.size()
					+ ", missing=" + counted(this.missing) + ", duplicated=" + counted(this.duplicated) + ", unknown="
					+ counted(this.unknown) + "]";
		}

		static String counted(List<String> orderIds) {
			if (orderIds.isEmpty()) {
				return "0";
			}
			String first = String.join(", ", orderIds.subList(0, Math.min(10, orderIds.size())));
			return orderIds.size() + " (" + first + ((orderIds.size() > 10) ? ", …)" : ")");
		}

	}

}
