package io.consumergroups.archive.archiving;

import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives what the consumer polled from {@code orders}, as a batch, and hands it to the
 * {@link OrderArchiver}. The container commits nothing by itself (manual acks, never
 * given): the archiver commits each partition's offset once its object is written.
 */
@Component
class OrderArchiveListener {

	/** The listener id: the container's name in the endpoint registry. */
	static final String ID = "archive-service";

	private final OrderArchiver archiver;

	OrderArchiveListener(OrderArchiver archiver) {
		this.archiver = archiver;
	}

	@KafkaListener(id = ID, topics = Topics.ORDERS, idIsGroup = false)
	void onOrders(List<ConsumerRecord<String, Order>> records, Consumer<?, ?> consumer) {
		this.archiver.archive(records, consumer);
	}

}
