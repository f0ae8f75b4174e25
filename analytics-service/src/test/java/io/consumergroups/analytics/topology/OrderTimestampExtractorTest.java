package io.consumergroups.analytics.topology;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderItem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event time of a record is never an exception: Kafka Streams has no handler for one.
 */
class OrderTimestampExtractorTest {

	private final OrderTimestampExtractor extractor = new OrderTimestampExtractor();

	@Property(tries = 1000)
	void shouldGiveATimeForAnyRecordWithoutThrowing(@ForAll("anyTime") Instant createdAt, @ForAll long recordTime,
			@ForAll long partitionTime) {
		// Given an order placed at any time the JSON could say, in a record of any time
		ConsumerRecord<Object, Object> record = record(order(createdAt), recordTime);

		// When
		long time = this.extractor.extract(record, partitionTime);

		// Then: createdAt if within the contract, else the record's time if valid, else
		// the partition's
		long expected = OrderContract.isCreationTime(createdAt) ? createdAt.toEpochMilli()
				: (recordTime >= 0) ? recordTime : partitionTime;
		assertThat(time).isEqualTo(expected);
	}

	@Example
	void shouldFallBackToTheRecordsTimeForAnOrderOfYear999999999OrNoOrderAtAll() {
		Instant far = Instant.parse("+999999999-12-31T23:59:59Z");

		assertThat(this.extractor.extract(record(order(far), 1_000L), 5L)).isEqualTo(1_000L);
		assertThat(this.extractor.extract(record(order(null), -1L), 5L)).isEqualTo(5L);
		assertThat(this.extractor.extract(record("not an order", 7L), 5L)).isEqualTo(7L);
		assertThat(this.extractor.extract(record(null, 7L), 5L)).isEqualTo(7L);
	}

	@Provide
	Arbitrary<Instant> anyTime() {
		Arbitrary<Instant> any = Arbitraries.longs()
			.between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
			.map(Instant::ofEpochSecond);
		Arbitrary<Instant> inside = Arbitraries.longs()
			.between(Instant.parse(OrderContract.EARLIEST_CREATED_AT).toEpochMilli(),
					Instant.parse(OrderContract.LATEST_CREATED_AT).toEpochMilli() - 1)
			.map(Instant::ofEpochMilli);
		return Arbitraries.oneOf(any, inside, Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH)).injectNull(0.05);
	}

	/**
	 * An order as a record holds it, not validated: the extractor must not rely on it.
	 */
	private static Order order(Instant createdAt) {
		return new Order("order-1", "customer-1", "eu-west", List.of(new OrderItem("sku-1", 1, BigDecimal.ONE)),
				BigDecimal.ONE, "EUR", createdAt);
	}

	private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
		return new ConsumerRecord<>("orders", 0, 0, timestamp, TimestampType.CREATE_TIME, 0, 0, "customer-1", value,
				new RecordHeaders(), Optional.empty());
	}

}
