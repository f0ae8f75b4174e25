package io.consumergroups.orderprocessor.processing;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.orderprocessor.config.ProcessorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Processes one order: checks that it is well formed, applies the {@link OrderRules}, and
 * says which replica processed it. Knows nothing of Kafka transactions or retries; the
 * listener container owns those.
 */
@Service
public class OrderProcessor {

	private static final Logger logger = LoggerFactory.getLogger(OrderProcessor.class);

	private final ProcessorProperties properties;

	private final OrderRules rules;

	private final Clock clock;

	private final long logIntervalMillis;

	private final Map<OrderStatus.Status, Counter> processed = new EnumMap<>(OrderStatus.Status.class);

	private final AtomicLong lastInfoLine = new AtomicLong();

	OrderProcessor(ProcessorProperties properties, OrderRules rules, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.rules = rules;
		this.clock = clock;
		this.logIntervalMillis = properties.logInterval().toMillis();
		// Registered once, not looked up per order: this runs for every record
		for (OrderStatus.Status status : OrderStatus.Status.values()) {
			this.processed.put(status,
					Counter.builder("orders.processed")
						.description("Orders processed, by the status published")
						.tag("status", status.name().toLowerCase(Locale.ROOT))
						.register(meters));
		}
	}

	/**
	 * Process one record of {@code orders}. Its value has passed the constraints of
	 * {@link Order} while it was deserialized.
	 * @param key the record key, the customer id
	 * @param order the record value
	 * @param partition where it was read from
	 * @param offset its offset in that partition
	 * @return the order's status, to be published
	 * @throws MalformedOrderException if the record has no key or value, or is not keyed
	 * by its customer
	 */
	OrderStatus process(String key, Order order, int partition, long offset) {
		return process(key, order, partition, offset, this.properties.instanceId(), null);
	}

	/**
	 * Process one record of {@code orders} delivered to a member of a share group.
	 * @param key the record key, the customer id
	 * @param order the record value
	 * @param partition where it was read from
	 * @param offset its offset in that partition
	 * @param processedBy the member that processes it
	 * @param deliveryCount which delivery of the record this is; {@code null} in a
	 * consumer group
	 * @return the order's status, to be published
	 * @throws MalformedOrderException if the record has no key or value, or is not keyed
	 * by its customer
	 */
	OrderStatus process(String key, Order order, int partition, long offset, String processedBy,
			Integer deliveryCount) {
		checkWellFormed(key, order);
		simulateWork();
		Optional<String> violation = this.rules.violation(order);
		OrderStatus.Status status = violation.isPresent() ? OrderStatus.Status.REJECTED : OrderStatus.Status.ACCEPTED;
		logProcessed(order.orderId(), processedBy, partition, offset);
		this.processed.get(status).increment();
		return new OrderStatus(order.orderId(), order.customerId(), status, violation.orElse(null), processedBy,
				partition, offset, this.clock.instant(), deliveryCount);
	}

	private void checkWellFormed(String key, Order order) {
		if (order == null) {
			throw new MalformedOrderException("record has no value");
		}
		if (key == null) {
			throw new MalformedOrderException("record has no key; orders are keyed by customer id");
		}
		if (!key.equals(order.customerId())) {
			throw new MalformedOrderException("record key " + key + " is not the order's customer id");
		}
	}

	private void simulateWork() {
		Duration work = this.properties.simulatedWork();
		if (!work.isZero()) {
			try {
				TimeUnit.NANOSECONDS.sleep(work.toNanos());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void logProcessed(String orderId, String instanceId, int partition, long offset) {
		long now = this.clock.millis();
		long last = this.lastInfoLine.get();
		boolean sampled = now - last >= this.logIntervalMillis && this.lastInfoLine.compareAndSet(last, now);
		if (sampled) {
			logger.info("Order {} is processed by {} (partition {}, offset {})", orderId, instanceId, partition,
					offset);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Order {} is processed by {} (partition {}, offset {})", orderId, instanceId, partition,
					offset);
		}
	}

}
