package io.consumergroups.notification.channel;

/**
 * A notification the receiver refused for good (a 4xx answer other than 408 or 429, an
 * address that is not one): the error handler dead-letters its record at once instead of
 * retrying.
 */
public class PermanentDeliveryException extends RuntimeException {

	PermanentDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
