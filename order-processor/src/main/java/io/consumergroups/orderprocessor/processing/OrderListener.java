package io.consumergroups.orderprocessor.processing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Receives the orders of one poll and publishes their statuses. The container runs each
 * call in one Kafka transaction that also commits the consumed offsets, so a status is
 * published once per order even when a replica crashes mid-way (exactly-once, EOS v2).
 * <p>
 * A record that can never be processed (malformed, or failing the order's contract) is
 * published to the dead-letter topic in the same transaction, and the rest of the poll
 * goes on: no record blocks the partition, and none is skipped without a trace. Anything
 * else that fails (Kafka itself, e.g. a broker away) rolls the whole poll back, and the
 * container's after-rollback processor seeks back to retry it after a back-off.
 * <p>
 * Run at-least-once ({@code orders.processor.exactly-once=false}), there is no
 * transaction: the container commits the poll's offsets as soon as this method returns,
 * so it returns only once every status has been acknowledged, and a failed send fails the
 * poll, which the container's error handler retries.
 */
@Component
@ConditionalOnProperty(name = "orders.processor.group.type", havingValue = "consumer", matchIfMissing = true)
class OrderListener {

	/** The listener id: the container's name in the endpoint registry. */
	static final String ID = "order-processor";

	private static final LogAccessor logger = new LogAccessor(OrderListener.class);

	private final OrderProcessor processor;

	private final KafkaTemplate<String, Object> kafka;

	private final ConsumerRecordRecoverer deadLetters;

	OrderListener(OrderProcessor processor, KafkaTemplate<String, Object> kafka, ConsumerRecordRecoverer deadLetters) {
		this.processor = processor;
		this.kafka = kafka;
		this.deadLetters = deadLetters;
	}

	@KafkaListener(id = ID, topics = Topics.ORDERS, idIsGroup = false, batch = "true")
	void onOrders(List<ConsumerRecord<String, Order>> records) {
		List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
		for (ConsumerRecord<String, Order> record : records) {
			OrderStatus status;
			try {
				status = process(record);
			}
			catch (RuntimeException ex) {
				deadLetter(record, ex);
				continue;
			}
			sends.add(this.kafka.send(Topics.ORDER_STATUS, status.orderId(), status));
		}
		if (!this.kafka.inTransaction()) {
			awaitAcknowledgements(sends);
		}
	}

	/**
	 * In a transaction, the commit flushes the sends and fails if one failed. Without
	 * one, this is where a lost status is noticed: before the offsets move on. Flushed
	 * first, as the commit would: otherwise the last batch waits out {@code linger.ms}.
	 */
	private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
		this.kafka.flush();
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Processing is a function of the record alone (no I/O), so a failure here fails the
	 * same way on every retry: the record goes to the dead-letter topic.
	 */
	private OrderStatus process(ConsumerRecord<String, Order> record) {
		throwIfMalformed(record);
		return this.processor.process(record.key(), record.value(), record.partition(), record.offset());
	}

	/**
	 * The error-handling deserializer hands over a record it could not turn into a valid
	 * {@link Order} with a null value and the failure, with the original bytes, in a
	 * header.
	 * @param record a record of {@code orders}
	 * @throws DeserializationException the failure, if there was one
	 */
	static void throwIfMalformed(ConsumerRecord<String, Order> record) {
		DeserializationException malformed = SerializationUtils.getExceptionFromHeader(record,
				KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
		if (malformed != null) {
			throw malformed;
		}
	}

	private void deadLetter(ConsumerRecord<String, Order> record, RuntimeException failure) {
		logger.warn(() -> "Dead-lettering " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": "
				+ failure.getMessage());
		this.deadLetters.accept(record, failure);
	}

}
