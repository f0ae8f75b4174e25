package io.consumergroups.orderprocessor.processing;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ShareConsumer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.ShareAcknowledgment;
import org.springframework.stereotype.Component;

/**
 * Receives one order as a member of the share group and publishes its status, with the
 * same rules as the consumer group ({@link OrderProcessor}). The broker lent this member
 * the record, with a lock; the member must say, record by record, what became of it:
 * <ul>
 * <li>ACCEPT once the broker has acknowledged the status: a member that crashes before
 * that leaves the record locked, and when the lock expires it goes to another member, so
 * no order is lost, and one may be processed twice (at-least-once). A share group cannot
 * commit its acknowledgements in a producer's transaction, so the status producer is
 * idempotent, not transactional, and the status says which delivery it was.</li>
 * <li>REJECT once a record that can never be processed (malformed, breaking the order
 * contract) is on the dead-letter topic with its cause: never delivered again.</li>
 * <li>RELEASE when Kafka failed (the status or the dead letter could not be written): the
 * record is delivered again, to any member, up to the group's delivery limit
 * ({@code group.share.delivery.count.limit}, 5 by default), after which the broker
 * archives it.</li>
 * </ul>
 * Per-key order is not kept: two orders of one customer may be processed by two members
 * at once, and the later one first (docs/share-groups.md).
 */
@Component
@ConditionalOnProperty(name = "orders.processor.group.type", havingValue = "share")
class ShareOrderListener {

	/** The listener id: the container's name in the endpoint registry. */
	static final String ID = "order-processor-share";

	private static final LogAccessor logger = new LogAccessor(ShareOrderListener.class);

	private final OrderProcessor processor;

	private final KafkaTemplate<String, Object> kafka;

	private final ConsumerRecordRecoverer deadLetters;

	private final ShareGroupMembers members;

	ShareOrderListener(OrderProcessor processor, KafkaTemplate<String, Object> kafka,
			ConsumerRecordRecoverer deadLetters, ShareGroupMembers members) {
		this.processor = processor;
		this.kafka = kafka;
		this.deadLetters = deadLetters;
		this.members = members;
	}

	@KafkaListener(id = ID, topics = Topics.ORDERS, groupId = "${orders.processor.group.share-group-id}",
			containerFactory = "shareKafkaListenerContainerFactory")
	void onOrder(ConsumerRecord<String, Order> record, ShareAcknowledgment acknowledgment,
			ShareConsumer<?, ?> consumer) {
		OrderStatus status;
		try {
			status = process(record, this.members.name(consumer));
		}
		catch (RuntimeException ex) {
			deadLetter(record, ex, acknowledgment);
			return;
		}
		// Acknowledged from the producer's callback: the container hands the outcome to
		// its consumer thread, which sends it with its next fetch.
		this.kafka.send(Topics.ORDER_STATUS, status.orderId(), status).whenComplete((result, failure) -> {
			if (failure == null) {
				acknowledgment.acknowledge();
			}
			else {
				logger
					.warn(() -> "Releasing " + where(record) + ", its status was not written: " + failure.getMessage());
				acknowledgment.release();
			}
		});
	}

	private OrderStatus process(ConsumerRecord<String, Order> record, String member) {
		OrderListener.throwIfMalformed(record);
		Integer deliveryCount = record.deliveryCount().map(Short::intValue).orElse(null);
		return this.processor.process(record.key(), record.value(), record.partition(), record.offset(), member,
				deliveryCount);
	}

	private void deadLetter(ConsumerRecord<String, Order> record, RuntimeException failure,
			ShareAcknowledgment acknowledgment) {
		logger.warn(() -> "Dead-lettering and rejecting " + where(record) + ": " + failure.getMessage());
		try {
			// Waits for the broker's acknowledgement, and throws if it fails
			this.deadLetters.accept(record, failure);
		}
		catch (RuntimeException ex) {
			logger.warn(() -> "Releasing " + where(record) + ", its dead letter was not written: " + ex.getMessage());
			acknowledgment.release();
			return;
		}
		acknowledgment.reject();
	}

	private static String where(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
