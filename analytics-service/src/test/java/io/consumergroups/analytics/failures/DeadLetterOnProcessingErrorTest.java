package io.consumergroups.analytics.failures;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record a step fails on is dead-lettered; Kafka Streams' own failure stops the thread
 * (which is replaced), not the record.
 */
class DeadLetterOnProcessingErrorTest {

	private final DeadLetterOnProcessingError handler = new DeadLetterOnProcessingError();

	private final TestContext context = TestContext.of(utf8("customer-1"), utf8("{\"orderId\":\"order-1\"}"));

	@BeforeEach
	void configure() {
		this.handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "orders.DLT"));
	}

	@Test
	void shouldDeadLetterTheRecordAStepFailedOnAndGoOn() {
		// When
		Response response = this.handler.handleError(this.context, new Record<>("customer-1", "order", 0L),
				new NullPointerException("currency"));

		// Then
		assertThat(response.result()).isEqualTo(Result.RESUME);
		assertThat(response.deadLetterQueueRecords()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.topic()).isEqualTo("orders.DLT");
			assertThat(deadLetter.key()).isEqualTo(this.context.sourceRawKey());
			assertThat(deadLetter.value()).isEqualTo(this.context.sourceRawValue());
			assertThat(DeadLetterTest.header(deadLetter, DeadLetter.MESSAGE_HEADER)).isEqualTo("currency");
		});
	}

	@Test
	void shouldFailTheThreadRatherThanDeadLetterARecordForKafkaStreamsOwnFailure() {
		// When a step meets an earlier send's failure
		Response response = this.handler.handleError(this.context, new Record<>("customer-1", "order", 0L),
				new StreamsException("Error encountered sending record to topic analytics.top-products"));

		// Then
		assertThat(response.result()).isEqualTo(Result.FAIL);
		assertThat(response.deadLetterQueueRecords()).isEmpty();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
