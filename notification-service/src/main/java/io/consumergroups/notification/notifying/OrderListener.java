package io.consumergroups.notification.notifying;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives orders: a confirmation to the customer, and an alert when the total is above
 * the threshold. Each call runs in a Kafka transaction that also commits the consumed
 * offset; failures go to the container's after-rollback processor.
 */
@Component
class OrderListener {

	private final NotificationRules rules;

	private final Notifier notifier;

	OrderListener(NotificationRules rules, Notifier notifier) {
		this.rules = rules;
		this.notifier = notifier;
	}

	@KafkaListener(id = "notification-orders", topics = Topics.ORDERS, idIsGroup = false,
			clientIdPrefix = "${notifications.instance-id}-orders")
	void onOrder(ConsumerRecord<String, Order> record) {
		this.notifier.notifyOnce(record, this.rules.forOrder(record.key(), record.value()));
	}

}
