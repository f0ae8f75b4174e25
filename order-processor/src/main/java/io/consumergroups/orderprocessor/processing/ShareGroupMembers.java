package io.consumergroups.orderprocessor.processing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.consumergroups.events.Order;
import org.apache.kafka.clients.consumer.ShareConsumer;

import org.springframework.kafka.core.ShareConsumerFactory;

/**
 * The name of each share consumer of this replica, as the group knows it: its
 * {@code client.id}. With {@code spring.kafka.listener.concurrency} above one, a replica
 * is several members, {@code <instance-id>-0}, {@code -1}, …, and a status names the one
 * that processed its order.
 */
public class ShareGroupMembers implements ShareConsumerFactory.Listener<String, Order> {

	private final String instanceId;

	private final Map<ShareConsumer<?, ?>, String> names = new ConcurrentHashMap<>();

	/**
	 * Names for the share consumers of a replica.
	 * @param instanceId the replica's name, for a consumer the factory did not create
	 */
	public ShareGroupMembers(String instanceId) {
		this.instanceId = instanceId;
	}

	/**
	 * The member a share consumer is.
	 * @param consumer a share consumer of this replica, or {@code null}
	 * @return its client id; the replica's name if it is not known
	 */
	public String name(ShareConsumer<?, ?> consumer) {
		return (consumer != null) ? this.names.getOrDefault(consumer, this.instanceId) : this.instanceId;
	}

	@Override
	public void consumerAdded(String id, ShareConsumer<String, Order> consumer) {
		// The factory names a consumer <factory bean name>.<client id>
		this.names.put(consumer, id.substring(id.indexOf('.') + 1));
	}

	@Override
	public void consumerRemoved(String id, ShareConsumer<String, Order> consumer) {
		this.names.remove(consumer);
	}

}
