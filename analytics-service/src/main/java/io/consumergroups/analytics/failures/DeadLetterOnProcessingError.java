package io.consumergroups.analytics.failures;

import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that a step of the topology fails on (KIP-1033) goes to the dead-letter topic
 * as it was read by its task, cut to fit, and the stream goes on with the next record. An
 * order that passed the contract should never get here; a record written into a
 * repartition topic by anyone else, or a bug, can.
 * <p>
 * Kafka Streams' own failures are not the record's: a {@link StreamsException} thrown
 * inside a step (a send that failed before, a store closed by a rebalance) fails the
 * stream thread instead, which {@link StreamThreadFailures} replaces, so that the
 * transaction is retried rather than an innocent record dead-lettered.
 */
public class DeadLetterOnProcessingError implements ProcessingExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterOnProcessingError.class);

	private String deadLetterTopic;

	@Override
	public void configure(Map<String, ?> configs) {
		this.deadLetterTopic = DeadLetter.topic(configs);
	}

	@Override
	public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
		if (exception instanceof StreamsException) {
			logger.error("Kafka Streams failed in node {} of task {}: the thread stops and is replaced",
					context.processorNodeId(), context.taskId(), exception);
			return Response.fail();
		}
		DeadLetter.log(logger, "processing", context, exception);
		return Response.resume(List.of(DeadLetter.of(this.deadLetterTopic, context, context.sourceRawKey(),
				context.sourceRawValue(), exception)));
	}

}
