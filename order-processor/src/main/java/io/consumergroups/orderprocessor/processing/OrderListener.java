package io.consumergroups.orderprocessor.processing;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Receives orders and publishes their status. The container runs each call in a Kafka
 * transaction that also commits the consumed offset, so a status is published once per
 * order even when a replica crashes mid-way (exactly-once, EOS v2). Failures go to the
 * container's after-rollback processor: retry, then dead-letter topic.
 */
@Component
class OrderListener {

	/** The listener id: the container's name in the endpoint registry. */
	static final String ID = "order-processor";

	private final OrderProcessor processor;

	private final KafkaTemplate<String, Object> kafka;

	OrderListener(OrderProcessor processor, KafkaTemplate<String, Object> kafka) {
		this.processor = processor;
		this.kafka = kafka;
	}

	@KafkaListener(id = ID, topics = Topics.ORDERS, idIsGroup = false)
	void onOrder(ConsumerRecord<String, Order> record) {
		OrderStatus status = this.processor.process(record.key(), record.value(), record.partition(), record.offset());
		this.kafka.send(Topics.ORDER_STATUS, status.orderId(), status);
	}

}
