package io.consumergroups.orderproducer.order;

import java.time.Clock;
import java.util.Set;

import io.consumergroups.events.Order;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders}: places one order and answers once Kafka has it.
 */
@RestController
@RequestMapping("/orders")
class OrderController {

	private static final Logger logger = LoggerFactory.getLogger(OrderController.class);

	private final OrderPublisher publisher;

	private final OrderIds orderIds;

	private final Clock clock;

	private final Validator validator;

	OrderController(OrderPublisher publisher, OrderIds orderIds, Clock clock, Validator validator) {
		this.publisher = publisher;
		this.orderIds = orderIds;
		this.clock = clock;
		this.validator = validator;
	}

	/**
	 * 202 Accepted rather than 201 Created: the order is durably in the topic, but not
	 * processed yet; its outcome appears later on the {@code order-status} topic.
	 * <p>
	 * The order is checked against the contract before it is published, although the
	 * request already was: a computed total can still be too large for an amount, and
	 * what reaches the topic must never depend on the request's constraints alone.
	 * {@code produces} makes an unacceptable {@code Accept} a 406 before anything is
	 * published, rather than after.
	 */
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PublishedOrder> placeOrder(@Valid @RequestBody OrderRequest request) {
		String orderId = (request.orderId() != null) ? request.orderId() : this.orderIds.next();
		Order order = request.toOrder(orderId, this.clock.instant());
		Set<ConstraintViolation<Order>> violations = this.validator.validate(order);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
		return ResponseEntity.accepted().body(this.publisher.publish(order));
	}

	@ExceptionHandler
	ProblemDetail handleNotPublished(OrderNotPublishedException ex) {
		logger.warn("Order {} was not published: {}", ex.orderId(), String.valueOf(ex.getCause()));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Kafka did not acknowledge the order in time. It may still have been written: "
						+ "retry with the same orderId.");
		problem.setTitle("Order not published");
		problem.setProperty("orderId", ex.orderId());
		return problem;
	}

}
