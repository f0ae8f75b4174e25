package io.consumergroups.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of processing one {@link Order}: the value of every record on
 * {@link Topics#ORDER_STATUS}, keyed by order id. Written in the same Kafka transaction
 * that commits the consumed offset, so exactly one status exists per processed order in
 * what {@code read_committed} consumers see.
 *
 * @param orderId the order this is about
 * @param customerId the customer who placed it
 * @param status accepted or rejected
 * @param reason why it was rejected; {@code null} when accepted
 * @param processedBy the replica (instance id) of the {@code order-processors} group that
 * processed it; in a share group, the member (its client id)
 * @param partition the partition of {@link Topics#ORDERS} the order was read from
 * @param offset the offset of the order in that partition
 * @param processedAt when it was processed
 * @param deliveryCount share groups: which delivery of the order's record this was, 1 for
 * the first; {@code null}, and left out of the JSON, when a consumer group processed it
 */
public record OrderStatus(String orderId, String customerId, Status status, String reason, String processedBy,
		int partition, long offset, Instant processedAt,
		@JsonInclude(JsonInclude.Include.NON_NULL) Integer deliveryCount) {

	/**
	 * The status of an order processed by a consumer group, which has no delivery count.
	 * @param orderId the order this is about
	 * @param customerId the customer who placed it
	 * @param status accepted or rejected
	 * @param reason why it was rejected; {@code null} when accepted
	 * @param processedBy the replica that processed it
	 * @param partition the partition of {@link Topics#ORDERS} the order was read from
	 * @param offset the offset of the order in that partition
	 * @param processedAt when it was processed
	 */
	public OrderStatus(String orderId, String customerId, Status status, String reason, String processedBy,
			int partition, long offset, Instant processedAt) {
		this(orderId, customerId, status, reason, processedBy, partition, offset, processedAt, null);
	}

	/**
	 * What became of an order.
	 */
	public enum Status {

		/** The order passed every rule. */
		ACCEPTED,

		/** The order broke a business rule; {@link OrderStatus#reason()} says which. */
		REJECTED

	}

}
