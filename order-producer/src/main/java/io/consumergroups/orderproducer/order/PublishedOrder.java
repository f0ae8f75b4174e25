package io.consumergroups.orderproducer.order;

import io.consumergroups.events.Order;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * An order the broker acknowledged, and where it was written.
 *
 * @param orderId the order's id
 * @param partition the partition of the {@code orders} topic it was written to
 * @param offset its offset in that partition
 */
public record PublishedOrder(String orderId, int partition, long offset) {

	static PublishedOrder of(Order order, RecordMetadata metadata) {
		return new PublishedOrder(order.orderId(), metadata.partition(), metadata.offset());
	}

}
