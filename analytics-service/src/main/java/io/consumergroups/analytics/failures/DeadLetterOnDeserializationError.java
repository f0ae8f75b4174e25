package io.consumergroups.analytics.failures;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read (not JSON, breaking the order contract, no value) goes to
 * the dead-letter topic, cut to fit, and the stream goes on with the next record.
 * <p>
 * What Kafka Streams' {@code LogAndContinueExceptionHandler} does, with a dead letter
 * that always fits its topic ({@link DeadLetter}) and one log line per record rather than
 * a stack trace.
 */
public class DeadLetterOnDeserializationError implements DeserializationExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterOnDeserializationError.class);

	private String deadLetterTopic;

	@Override
	public void configure(Map<String, ?> configs) {
		this.deadLetterTopic = DeadLetter.topic(configs);
	}

	@Override
	public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
			Exception exception) {
		DeadLetter.log(logger, "deserialization", context, exception);
		return Response
			.resume(List.of(DeadLetter.of(this.deadLetterTopic, context, record.key(), record.value(), exception)));
	}

}
