package io.consumergroups.notification.channel;

/**
 * A notification the receiver refused for good (a 4xx answer other than 408 or 429, an
 * address that is not one): its record is dead-lettered at once instead of retried.
 */
public class PermanentDeliveryException extends RuntimeException {

	public PermanentDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
