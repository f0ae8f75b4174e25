package io.consumergroups.analytics.topology;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time: an order belongs to the minute it was placed in ({@code createdAt}), not to
 * the minute it was produced or processed, so a replay or a catch-up after downtime fills
 * the same windows as live processing.
 * <p>
 * It never throws: Kafka Streams has no handler for an extractor's exception ("Fatal user
 * code error in TimestampExtractor callback"), the stream thread dies, and the replaced
 * thread meets the same record again. Streams calls it on records that passed
 * {@link ValidOrderDeserializer}, whose {@code createdAt} lies within the contract; any
 * other record gets its own timestamp, or the partition's time when that is negative
 * (Streams then skips a record whose time is still negative, counting it in the
 * {@code dropped-records} metric).
 * <p>
 * Stream time, which closes windows, is the latest {@code createdAt} seen by a task: an
 * order stamped far in the future closes its task's windows early, and the orders after
 * it are then late. The contract keeps {@code createdAt} before 2100.
 */
class OrderTimestampExtractor implements TimestampExtractor {

	@Override
	public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
		// Within the contract's bounds, toEpochMilli() cannot overflow.
		if (record.value() instanceof Order order && OrderContract.isCreationTime(order.createdAt())) {
			return order.createdAt().toEpochMilli();
		}
		return (record.timestamp() >= 0) ? record.timestamp() : partitionTime;
	}

}
