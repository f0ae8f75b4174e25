package io.consumergroups.notification.notifying;

import java.util.List;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Receives order statuses, as committed by the order-processors group
 * ({@code read_committed}): an alert when an order was rejected. Each call is one poll,
 * in a Kafka transaction that also commits the consumed offsets ({@link PollNotifier}).
 */
@Component
class OrderStatusListener {

	private static final String ID = "notification-order-status";

	private final NotificationRules rules;

	private final PollNotifier poll;

	private final KafkaListenerEndpointRegistry registry;

	OrderStatusListener(NotificationRules rules, PollNotifier poll, KafkaListenerEndpointRegistry registry) {
		this.rules = rules;
		this.poll = poll;
		this.registry = registry;
	}

	@KafkaListener(id = ID, topics = Topics.ORDER_STATUS, idIsGroup = false, batch = "true",
			clientIdPrefix = "${notifications.instance-id}-order-status")
	void onOrderStatuses(List<ConsumerRecord<String, OrderStatus>> records, Consumer<?, ?> consumer,
			Acknowledgment acknowledgment) {
		this.poll.notifyAll(records, (record) -> this.rules.forStatus(record.key(), record.value()), consumer,
				acknowledgment, this::running);
	}

	private boolean running() {
		MessageListenerContainer container = this.registry.getListenerContainer(ID);
		return container != null && container.isRunning();
	}

}
