package io.consumergroups.analytics.topology;

import io.consumergroups.events.Order;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time: an order belongs to the minute it was placed in ({@code createdAt}), not to
 * the minute it was produced or processed, so a replay or a catch-up after downtime fills
 * the same windows as live processing.
 * <p>
 * Stream time, which closes windows, is the latest {@code createdAt} seen by a task: an
 * order stamped far in the future closes its task's windows early, and the orders after
 * it are then late.
 */
class OrderTimestampExtractor implements TimestampExtractor {

	@Override
	public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
		// Every value has passed ValidOrderDeserializer, so createdAt is set.
		if (record.value() instanceof Order order) {
			return order.createdAt().toEpochMilli();
		}
		return record.timestamp();
	}

}
