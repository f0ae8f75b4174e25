package io.consumergroups.analytics.query;

/**
 * A query that cannot be answered completely right now: Kafka Streams is starting or
 * rebalancing, a partition moved while it was queried, or the instance that owns it did
 * not answer. Answered 503 with {@code Retry-After}: asking again shortly will do.
 */
class QueryUnavailableException extends RuntimeException {

	QueryUnavailableException(String message) {
		super(message);
	}

	QueryUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
