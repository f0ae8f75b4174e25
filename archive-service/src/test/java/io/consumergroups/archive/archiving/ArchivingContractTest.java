package io.consumergroups.archive.archiving;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.consumergroups.archive.config.ArchiveProperties;
import io.consumergroups.archive.objects.ArchivedObjects;
import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;

import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;

/**
 * The archive on generated orders: whatever an order inside the {@link OrderContract},
 * the consumer reads it, the archiver takes it and writes it into its object, without a
 * dead letter and without an exception, and the object gives it back as it was.
 */
class ArchivingContractTest {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:@-";

	private static final TopicPartition ORDERS_0 = new TopicPartition(Topics.ORDERS, 0);

	@Property(tries = 200)
	void shouldArchiveEveryOrderInsideTheContract(@ForAll("batchesOfValidOrders") List<Order> orders) {
		// Given orders inside the contract, read from orders as the service reads them
		List<ConsumerRecord<String, Order>> records = read(orders);
		List<byte[]> objects = new ArrayList<>();
		List<Exception> deadLetters = new ArrayList<>();
		ArchiveBucket bucket = mock(ArchiveBucket.class);
		willAnswer((invocation) -> objects.add(invocation.getArgument(1))).given(bucket).put(any(), any(), anyInt());
		given(bucket.lastOffsetArchivedFrom(any(), anyLong())).willReturn(Optional.empty());
		MockConsumer<String, Order> consumer = new MockConsumer<>("earliest");
		consumer.assign(List.of(ORDERS_0));
		consumer.updateBeginningOffsets(Map.of(ORDERS_0, 0L));
		OrderArchiver archiver = new OrderArchiver(bucket, new ArchivedObjects(),
				(record, ignored, cause) -> deadLetters.add(cause),
				new ArchiveProperties("orders-archive", new ArchiveProperties.Batch(orders.size(), Duration.ofDays(1)),
						new ArchiveProperties.S3(null, "us-east-1", true, null, null, false), Duration.ZERO),
				Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry());
		archiver.start(consumer, List.of(ORDERS_0));
		// The consumer has read the records it delivers
		consumer.seek(ORDERS_0, orders.size());

		// When the archiver takes them: the batch is full with the last one
		archiver.archive(records, consumer);

		// Then nothing was dead-lettered, one object holds every order as it was, and
		// the offset is committed past them
		assertThat(deadLetters).isEmpty();
		assertThat(objects).singleElement().satisfies((object) -> {
			List<Order> archived = decode(object);
			assertThat(archived).containsExactlyElementsOf(orders);
			assertThat(archived).allSatisfy((order) -> assertThat(validator.validate(order)).isEmpty());
		});
		assertThat(consumer.committed(Set.of(ORDERS_0)).get(ORDERS_0).offset()).isEqualTo(orders.size());
	}

	@Provide
	Arbitrary<List<Order>> batchesOfValidOrders() {
		return validOrders().list().ofMinSize(1).ofMaxSize(20);
	}

	/** As in order-events' OrderContractTest: every kind of order the contract allows. */
	private static Arbitrary<Order> validOrders() {
		Arbitrary<String> ids = Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMinLength(0)
			.ofMaxLength(OrderContract.MAX_ID_LENGTH - 1)
			.map((tail) -> "a" + tail);
		Arbitrary<String> regions = Arbitraries.strings()
			.withChars(ID_CHARS)
			.ofMaxLength(OrderContract.MAX_REGION_LENGTH - 1)
			.map((tail) -> "r" + tail);
		Arbitrary<OrderItem> items = Combinators
			.combine(ids, Arbitraries.integers().between(1, OrderContract.MAX_QUANTITY), amountsInside())
			.as(OrderItem::new);
		Arbitrary<Instant> times = Arbitraries.longs()
			.between(Instant.parse(OrderContract.EARLIEST_CREATED_AT).toEpochMilli(),
					Instant.parse(OrderContract.LATEST_CREATED_AT).toEpochMilli() - 1)
			.map(Instant::ofEpochMilli);
		return Combinators
			.combine(ids, ids, regions, items.list().ofMinSize(1).ofMaxSize(OrderContract.MAX_ITEMS), amountsInside(),
					Arbitraries.strings().withCharRange('A', 'Z').ofLength(3), times)
			.as(Order::new);
	}

	private static Arbitrary<BigDecimal> amountsInside() {
		return Combinators
			.combine(Arbitraries.longs().between(0, 999_999_999_999_9999L),
					Arbitraries.integers().between(0, OrderContract.MAX_FRACTION_DIGITS))
			.as((unscaled, scale) -> BigDecimal.valueOf(unscaled, OrderContract.MAX_FRACTION_DIGITS)
				.setScale(scale, RoundingMode.DOWN));
	}

	/**
	 * The orders as records of {@code orders-0}, keyed by customer: written by the
	 * topic's serde, read by the service's deserializer.
	 */
	private static List<ConsumerRecord<String, Order>> read(List<Order> orders) {
		List<ConsumerRecord<String, Order>> records = new ArrayList<>();
		try (Serde<Order> serde = Topics.orderSerde();
				ErrorHandlingDeserializer<Order> deserializer = Topics
					.validatingOrderDeserializer(new SpringValidatorAdapter(validator))) {
			for (int offset = 0; offset < orders.size(); offset++) {
				byte[] value = serde.serializer().serialize(Topics.ORDERS, orders.get(offset));
				RecordHeaders headers = new RecordHeaders();
				Order read = deserializer.deserialize(Topics.ORDERS, headers, value);
				records.add(new ConsumerRecord<>(Topics.ORDERS, 0, offset, 0L, TimestampType.CREATE_TIME, -1,
						value.length, orders.get(offset).customerId(), read, headers, Optional.empty()));
			}
		}
		return records;
	}

	private static List<Order> decode(byte[] object) {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(object));
				Serde<Order> serde = Topics.orderSerde()) {
			return new String(gzip.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map((line) -> serde.deserializer().deserialize(Topics.ORDERS, line.getBytes(StandardCharsets.UTF_8)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
