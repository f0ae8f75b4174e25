package io.consumergroups.analytics.failures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.consumergroups.analytics.topology.AnalyticsTestDriver;
import io.consumergroups.analytics.topology.AnalyticsTopics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A result that cannot be written dead-letters the record it came from, and the stream
 * goes on; a dead letter is never dead-lettered in turn.
 */
class DeadLetterOnProductionErrorTest {

	private final DeadLetterOnProductionError handler = new DeadLetterOnProductionError();

	@TempDir
	Path stateDir;

	@BeforeEach
	void configure() {
		this.handler
			.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, AnalyticsTopics.ORDERS_DLT));
	}

	@Test
	void shouldDeadLetterTheRecordWhoseResultCannotBeSerializedAndWriteTheNext() {
		// Given a topology whose output serializer fails on one value
		Serializer<String> failing = (topic, value) -> {
			if (value.contains("poison")) {
				throw new SerializationException("cannot write " + value);
			}
			return value.getBytes(StandardCharsets.UTF_8);
		};
		StreamsBuilder builder = new StreamsBuilder();
		builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
			.mapValues((value) -> value + "!")
			.to("out", Produced.with(Serdes.String(), Serdes.serdeFrom(failing, Serdes.String().deserializer())));

		try (TopologyTestDriver driver = AnalyticsTestDriver.start(builder.build(), this.stateDir)) {
			// When
			TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(),
					new StringSerializer());
			in.pipeInput("k1", "poison");
			in.pipeInput("k2", "fine");

			// Then the input of the failed result is a dead letter, with the cause
			List<TestRecord<String, String>> deadLetters = driver
				.createOutputTopic(AnalyticsTopics.ORDERS_DLT, new StringDeserializer(), new StringDeserializer())
				.readRecordsToList();
			assertThat(deadLetters).singleElement().satisfies((deadLetter) -> {
				assertThat(deadLetter.key()).isEqualTo("k1");
				assertThat(deadLetter.value()).isEqualTo("poison");
				assertThat(new String(deadLetter.headers().lastHeader(DeadLetter.MESSAGE_HEADER).value(),
						StandardCharsets.UTF_8))
					.isEqualTo("cannot write poison!");
				assertThat(new String(deadLetter.headers().lastHeader(DeadLetter.TOPIC_HEADER).value(),
						StandardCharsets.UTF_8))
					.isEqualTo("in");
			});
			// and the next result is written
			assertThat(driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer())
				.readValuesToList()).containsExactly("fine!");
		}
	}

	@Test
	void shouldRetryASendThatMaySucceedLater() {
		// When
		Response response = this.handler.handleError(context(), result("analytics.top-products"),
				new NotEnoughReplicasException("1 of 3"));

		// Then
		assertThat(response.result()).isEqualTo(Result.RETRY);
	}

	@Test
	void shouldDeadLetterTheSourceOfAResultRefusedForGood() {
		// When
		Response response = this.handler.handleError(context(), result("analytics.top-products"),
				new RecordTooLargeException("too large"));

		// Then
		assertThat(response.result()).isEqualTo(Result.RESUME);
		assertThat(response.deadLetterQueueRecords()).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.topic()).isEqualTo(AnalyticsTopics.ORDERS_DLT);
			assertThat(deadLetter.value()).isEqualTo(context().sourceRawValue());
		});
	}

	@Test
	void shouldDeadLetterTheResultItselfWhenItsSourceIsNoLongerKept() {
		// Given Streams freed the source record's bytes once its results were serialized
		TestContext freed = TestContext.of(null, null);

		// When
		Response response = this.handler.handleError(freed, result("analytics.top-products"),
				new RecordTooLargeException("too large"));

		// Then
		assertThat(response.deadLetterQueueRecords()).singleElement()
			.satisfies((deadLetter) -> assertThat(deadLetter.value()).isEqualTo(utf8("result")));
	}

	@Test
	void shouldNeverDeadLetterADeadLetter() {
		// When a dead letter cannot be written
		Response response = this.handler.handleError(context(), result(AnalyticsTopics.ORDERS_DLT),
				new RecordTooLargeException("too large"));

		// Then it is logged, and nothing more is written
		assertThat(response.result()).isEqualTo(Result.RESUME);
		assertThat(response.deadLetterQueueRecords()).isEmpty();
	}

	private static TestContext context() {
		return TestContext.of(utf8("customer-1"), utf8("{\"orderId\":\"order-1\"}"));
	}

	private static ProducerRecord<byte[], byte[]> result(String topic) {
		return new ProducerRecord<>(topic, utf8("key"), utf8("result"));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
