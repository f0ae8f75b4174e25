package io.consumergroups.orderproducer.order;

/**
 * The broker did not acknowledge an order in time, or the producer gave up on it.
 */
class OrderNotPublishedException extends RuntimeException {

	private final String orderId;

	OrderNotPublishedException(String orderId, Throwable cause) {
		super("Order " + orderId + " was not acknowledged by Kafka", cause);
		this.orderId = orderId;
	}

	String orderId() {
		return this.orderId;
	}

}
