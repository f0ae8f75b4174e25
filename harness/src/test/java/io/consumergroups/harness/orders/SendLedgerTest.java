package io.consumergroups.harness.orders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SendLedgerTest {

	private static final byte[] NOT_JSON = "{not json, record 9".getBytes(StandardCharsets.UTF_8);

	@Test
	void shouldCountFailedSendsFoundOnTheTopicAsWritten() {
		// Given two acknowledged orders, and a failed order and a failed malformed record
		// that were written all the same
		SendLedger ledger = new SendLedger();
		ledger.acknowledged("order-0");
		ledger.acknowledged("order-1");
		ledger.failed("order-2", new byte[0], new TimeoutException("no answer"));
		ledger.failed(null, NOT_JSON, new TimeoutException("no answer"));
		IntStream.range(3, 200).forEach((n) -> ledger.acknowledged("order-" + n));

		// When
		ledger.settle(written(200, NOT_JSON));

		// Then
		assertThat(ledger.acknowledgedOrders()).hasSize(200).contains("order-2");
		assertThat(ledger.malformedCount()).isOne();
		assertThat(ledger.settledCount()).isEqualTo(201);
		assertThat(ledger.hasFailures()).isFalse();
	}

	@Test
	void shouldAcceptOneUnwrittenRecordInAHundred() {
		// Given 99 acknowledged orders and one failed send that was not written
		SendLedger ledger = new SendLedger();
		IntStream.range(0, 99).forEach((n) -> ledger.acknowledged("order-" + n));
		ledger.failed("order-99", new byte[0], new TimeoutException("no answer"));

		// When
		ledger.settle(written(99));

		// Then
		assertThat(ledger.acknowledgedOrders()).hasSize(99).doesNotContain("order-99");
		assertThat(ledger.settledCount()).isEqualTo(100);
	}

	@Test
	void shouldFailWhenMoreThanOneRecordInAHundredWasNotWritten() {
		// Given
		SendLedger ledger = new SendLedger();
		IntStream.range(0, 98).forEach((n) -> ledger.acknowledged("order-" + n));
		ledger.failed("order-98", new byte[0], new TimeoutException("no answer"));
		ledger.failed(null, NOT_JSON, new TimeoutException("no answer"));

		// When, Then
		assertThatIllegalStateException().isThrownBy(() -> ledger.settle(written(98)))
			.withMessageStartingWith("2 of 100 records were not written, among them [order-98");
	}

	@Test
	void shouldFailWhenAnAcknowledgedOrderIsMissing() {
		// Given
		SendLedger ledger = new SendLedger();
		ledger.acknowledged("order-0");
		ledger.acknowledged("order-1");
		ledger.failed("order-2", new byte[0], new TimeoutException("no answer"));

		// When, Then
		assertThatIllegalStateException().isThrownBy(() -> ledger.settle(written(1)))
			.withMessage("1 acknowledged orders are not written, among them order-1");
	}

	/** A topic holding orders 0 to count - 1, and these malformed records. */
	private static SendLedger.Written written(int count, byte[]... malformed) {
		Set<String> orderIds = new java.util.HashSet<>();
		IntStream.range(0, count).forEach((n) -> orderIds.add("order-" + n));
		Set<ByteBuffer> values = new java.util.HashSet<>();
		for (byte[] value : malformed) {
			values.add(ByteBuffer.wrap(value));
		}
		return new SendLedger.Written(orderIds, values);
	}

}
