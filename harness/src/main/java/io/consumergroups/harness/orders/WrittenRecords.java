package io.consumergroups.harness.orders;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What {@code orders} holds, read back to settle the sends {@link SteadyOrders} saw fail:
 * orders are found by their id (a stamped series cannot be rebuilt byte for byte),
 * malformed records by their bytes.
 */
final class WrittenRecords {

	private WrittenRecords() {
	}

	/**
	 * Read {@code orders} to its end.
	 * @param clientSettings the cluster, and its login if secured
	 * @param timeout how long the whole read may take
	 * @return the ids of its orders, and every record's value
	 */
	static SendLedger.Written read(Map<String, Object> clientSettings, Duration timeout) {
		Set<String> orderIds = new HashSet<>();
		Set<ByteBuffer> values = new HashSet<>();
		Deserializer<Order> orders = Topics.orderSerde().deserializer();
		for (ConsumerRecord<String, byte[]> record : CommittedRecords.read(clientSettings, Topics.ORDERS,
				new ByteArrayDeserializer(), timeout)) {
			values.add(ByteBuffer.wrap(record.value()));
			try {
				orderIds.add(orders.deserialize(Topics.ORDERS, record.value()).orderId());
			}
			catch (RuntimeException ex) {
				// A malformed record: found by its bytes
			}
		}
		return new SendLedger.Written(orderIds, values);
	}

}
