package io.consumergroups.notification.notifying;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives order statuses, as committed by the order-processors group
 * ({@code read_committed}): an alert when an order was rejected.
 */
@Component
class OrderStatusListener {

	private final NotificationRules rules;

	private final Notifier notifier;

	OrderStatusListener(NotificationRules rules, Notifier notifier) {
		this.rules = rules;
		this.notifier = notifier;
	}

	@KafkaListener(id = "notification-order-status", topics = Topics.ORDER_STATUS, idIsGroup = false,
			clientIdPrefix = "${notifications.instance-id}-order-status")
	void onOrderStatus(ConsumerRecord<String, OrderStatus> record) {
		this.notifier.notifyOnce(record, this.rules.forStatus(record.key(), record.value()));
	}

}
