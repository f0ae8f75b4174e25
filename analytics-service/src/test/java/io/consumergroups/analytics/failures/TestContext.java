package io.consumergroups.analytics.failures;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Where a failed record comes from, as Kafka Streams tells a handler.
 *
 * @param topic the source topic
 * @param partition its partition
 * @param offset its offset
 * @param headers its headers
 * @param processorNodeId the step that failed
 * @param taskId the task
 * @param timestamp the record's timestamp
 * @param sourceRawKey the key as read
 * @param sourceRawValue the value as read
 */
record TestContext(String topic, int partition, long offset, Headers headers, String processorNodeId, TaskId taskId,
		long timestamp, byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {

	static TestContext of(byte[] key, byte[] value) {
		return new TestContext("orders", 3, 42, new RecordHeaders(), "orders", new TaskId(0, 3), 1_780_000_000_000L,
				key, value);
	}

}
