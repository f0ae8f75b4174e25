package io.consumergroups.notification.notifying;

import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Receives orders: a confirmation to the customer, and an alert when the total is above
 * the threshold. Each call is one poll, in a Kafka transaction that also commits the
 * consumed offsets ({@link PollNotifier}).
 */
@Component
class OrderListener {

	private static final String ID = "notification-orders";

	private final NotificationRules rules;

	private final PollNotifier poll;

	private final KafkaListenerEndpointRegistry registry;

	OrderListener(NotificationRules rules, PollNotifier poll, KafkaListenerEndpointRegistry registry) {
		this.rules = rules;
		this.poll = poll;
		this.registry = registry;
	}

	@KafkaListener(id = ID, topics = Topics.ORDERS, idIsGroup = false, batch = "true",
			clientIdPrefix = "${notifications.instance-id}-orders")
	void onOrders(List<ConsumerRecord<String, Order>> records, Consumer<?, ?> consumer, Acknowledgment acknowledgment) {
		this.poll.notifyAll(records, (record) -> this.rules.forOrder(record.key(), record.value()), consumer,
				acknowledgment, this::running);
	}

	private boolean running() {
		MessageListenerContainer container = this.registry.getListenerContainer(ID);
		return container != null && container.isRunning();
	}

}
