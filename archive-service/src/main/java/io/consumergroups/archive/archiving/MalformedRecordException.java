package io.consumergroups.archive.archiving;

/**
 * A record of {@code orders} that is not an order the archive can hold, although its
 * value was read: no value (a tombstone), no key, or not keyed by its order's customer.
 * The archiver sends it to {@code archive-service.DLT} with this as its cause.
 */
public class MalformedRecordException extends RuntimeException {

	MalformedRecordException(String message) {
		super(message);
	}

}
