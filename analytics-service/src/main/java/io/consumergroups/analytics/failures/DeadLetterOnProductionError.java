package io.consumergroups.analytics.failures;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result that cannot be written: the record it came from goes to the dead-letter topic
 * and the stream goes on.
 * <ul>
 * <li>A serializer that fails (before anything reaches the producer): dead letter, go
 * on.</li>
 * <li>A send that may succeed later (a timeout, not enough replicas): retry; the task is
 * re-initialized and processes the record again.</li>
 * <li>A send refused for good (a record too large for its topic): dead letter, go on. But
 * under exactly-once Kafka 4.2.1's transactional producer enters an abortable error on
 * any refused send, so the transaction aborts whatever this answers, the stream thread
 * fails and is replaced ({@link StreamThreadFailures}), and the record is met again.
 * Hence the results are kept below the limits by construction: the order contract bounds
 * every aggregate ({@code OrderStatsTest}), and dead letters are cut
 * ({@link DeadLetter}).</li>
 * <li>A dead letter that cannot be written: logged, never dead-lettered in turn. Kafka's
 * {@code DefaultProductionExceptionHandler} would build another dead letter of the same
 * record, which fails the same way, and so on.</li>
 * </ul>
 */
public class DeadLetterOnProductionError implements ProductionExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterOnProductionError.class);

	private String deadLetterTopic;

	@Override
	public void configure(Map<String, ?> configs) {
		this.deadLetterTopic = DeadLetter.topic(configs);
	}

	@Override
	public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
			Exception exception) {
		if (exception instanceof RetriableException) {
			logger.warn("Sending to {} failed, retrying: {}", record.topic(), exception.toString());
			return Response.retry();
		}
		if (this.deadLetterTopic.equals(record.topic())) {
			logger.error("A dead letter of {}-{}@{} could not be written to {}", context.topic(), context.partition(),
					context.offset(), record.topic(), exception);
			return Response.resume();
		}
		DeadLetter.log(logger, "sending to " + record.topic(), context, exception);
		// Streams frees the input record's bytes once its results are serialized: then
		// the result that failed is what can be kept.
		boolean sourceKept = context.sourceRawValue() != null;
		return Response.resume(
				List.of(DeadLetter.of(this.deadLetterTopic, context, sourceKept ? context.sourceRawKey() : record.key(),
						sourceKept ? context.sourceRawValue() : record.value(), exception)));
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
			SerializationExceptionOrigin origin) {
		DeadLetter.log(logger,
				"serializing the " + origin.name().toLowerCase(Locale.ROOT) + " of a result for " + record.topic(),
				context, exception);
		return Response.resume(List.of(DeadLetter.of(this.deadLetterTopic, context, context.sourceRawKey(),
				context.sourceRawValue(), exception)));
	}

}
