package io.consumergroups.orderproducer.order;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Ids for orders that arrive without one: {@code order-<instance>-<n>}, e.g.
 * {@code order-3f9a1c2e-17}.
 * <p>
 * The counter makes ids unique within this process; the instance part, 32 random bits
 * drawn at startup, keeps them apart across restarts and across replicas running side by
 * side (two instances collide with a probability of about one in four billion). A UUID
 * would be safer still, but these ids are short enough to follow through logs and topics
 * by eye, and they sort in creation order within one instance.
 */
@Component
public class OrderIds {

	private final String prefix = "order-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()) + "-";

	private final AtomicLong counter = new AtomicLong();

	/**
	 * A new order id, never returned before by this instance.
	 * @return the id
	 */
	public String next() {
		return this.prefix + this.counter.incrementAndGet();
	}

}
