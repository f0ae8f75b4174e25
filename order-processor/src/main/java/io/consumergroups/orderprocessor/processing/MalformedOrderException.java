package io.consumergroups.orderprocessor.processing;

/**
 * A record of {@code orders} that no retry can fix: no key, no value, or a value that
 * breaks the {@link io.consumergroups.events.Order} contract. The listener sends it to
 * the dead-letter topic at once instead of retrying.
 */
public class MalformedOrderException extends RuntimeException {

	MalformedOrderException(String message) {
		super(message);
	}

}
