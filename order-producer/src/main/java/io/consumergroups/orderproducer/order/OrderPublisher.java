package io.consumergroups.orderproducer.order;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.orderproducer.OrdersProperties;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes orders to the {@link Topics#ORDERS} topic, keyed by customer id.
 * <p>
 * The key decides the partition: the producer's default partitioner hashes it, so all of
 * one customer's orders land in the same partition and every consumer group reads them in
 * the order they were placed. Orders of different customers spread over all partitions,
 * which is what lets a consumer group process them in parallel.
 */
@Component
public class OrderPublisher {

	private final KafkaTemplate<String, Order> kafkaTemplate;

	private final Duration ackTimeout;

	OrderPublisher(KafkaTemplate<String, Order> kafkaTemplate, OrdersProperties properties) {
		this.kafkaTemplate = kafkaTemplate;
		this.ackTimeout = properties.publish().ackTimeout();
	}

	/**
	 * Hands an order to the producer without waiting for the broker.
	 * @param order the order
	 * @return completes when the broker acknowledged the order, or exceptionally when the
	 * producer gave up on it; this method itself never throws
	 */
	public CompletableFuture<PublishedOrder> send(Order order) {
		try {
			return this.kafkaTemplate.send(Topics.ORDERS, order.customerId(), order)
				.thenApply((result) -> PublishedOrder.of(order, result.getRecordMetadata()));
		}
		catch (RuntimeException ex) {
			// KafkaTemplate throws when the send fails at once (no metadata within
			// max.block.ms, say): callers see it like any other failure, in the future
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Publishes an order and waits, at most {@code orders.publish.ack-timeout}, until the
	 * broker acknowledged it (with {@code acks=all}: until every in-sync replica has it).
	 * @param order the order
	 * @return where the order was written
	 * @throws OrderNotPublishedException if the broker did not acknowledge it in time
	 */
	PublishedOrder publish(Order order) {
		try {
			return send(order).get(this.ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OrderNotPublishedException(order.orderId(), ex);
		}
		catch (ExecutionException ex) {
			throw new OrderNotPublishedException(order.orderId(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new OrderNotPublishedException(order.orderId(), ex);
		}
	}

	/**
	 * Blocks until every order handed to the producer so far is acknowledged or failed.
	 */
	public void flush() {
		this.kafkaTemplate.flush();
	}

}
