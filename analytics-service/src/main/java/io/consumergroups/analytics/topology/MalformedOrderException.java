package io.consumergroups.analytics.topology;

/**
 * A record of {@code orders} that reads as a valid order but is not one the contract's
 * producers would write, e.g. keyed by someone other than its customer. Its dead letter
 * names this class as the cause.
 */
public class MalformedOrderException extends RuntimeException {

	MalformedOrderException(String message) {
		super(message);
	}

}
