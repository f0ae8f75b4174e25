package io.consumergroups.notification.notifying;

/**
 * A record of {@code orders} or {@code order-status} that no retry can fix: no value, or
 * not keyed as its topic promises. It goes to {@code notification-service.DLT} at once.
 */
public class MalformedRecordException extends RuntimeException {

	MalformedRecordException(String message) {
		super(message);
	}

}
