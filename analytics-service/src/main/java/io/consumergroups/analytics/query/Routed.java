package io.consumergroups.analytics.query;

/**
 * An answer and the instance(s) whose state it comes from.
 *
 * @param <T> the answer's type
 * @param body the answer
 * @param servedBy {@code host:port} of the instance(s), for the {@code X-Served-By}
 * header
 */
record Routed<T>(T body, String servedBy) {

}
