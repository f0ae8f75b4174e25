package io.consumergroups.verifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderLedgerTest {

	@Test
	void shouldBalanceWhenEveryCommittedRecordHasOneStatusOrOneDeadLetter() {
		// Given
		OrderLedger ledger = new OrderLedger();
		ledger.published(0, 0, "order-0-0");
		ledger.published(0, 1, "order-0-1");
		ledger.published(0, 2, null);
		ledger.published(0, 3, "order-0-3");
		ledger.published(0, 4, "order-0-4");
		ledger.committed(0, 5);
		ledger.status(0, 0, "order-0-0");
		ledger.status(0, 1, "order-0-1");
		ledger.deadLetter(0, 2);
		ledger.status(0, 3, "order-0-3");
		ledger.status(0, 4, "order-0-4");

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.isExact()).isTrue();
		assertThat(balance.due()).isEqualTo(5);
		assertThat(balance.statuses()).isEqualTo(4);
		assertThat(balance.deadLetters()).isEqualTo(1);
		assertThat(balance.orderIds().orders()).containsExactlyInAnyOrder("order-0-0", "order-0-1", "order-0-3",
				"order-0-4");
		assertThat(balance.orderIds().withOneStatus()).isEqualTo(balance.orderIds().orders());
	}

	@Test
	void shouldCountARecordWithoutOutcomeBelowTheCommittedOffsetAsLostAndItsOrderAsMissing() {
		// Given
		OrderLedger ledger = ledger(0, 3);
		ledger.committed(0, 3);
		ledger.status(0, 0, "order-0-0");
		ledger.status(0, 2, "order-0-2");

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.lost()).isEqualTo(1);
		assertThat(balance.orderIds().missing()).containsExactly("order-0-1");
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldCountARecordWithTwoOutcomesAsDuplicated() {
		// Given
		OrderLedger ledger = ledger(1, 2);
		ledger.committed(1, 2);
		ledger.status(1, 0, "order-1-0");
		ledger.status(1, 1, "order-1-1");
		ledger.deadLetter(1, 1);

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.duplicated()).isEqualTo(1);
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldReportAnOrderWithTwoStatusesAsDuplicated() {
		// Given
		OrderLedger ledger = ledger(1, 2);
		ledger.committed(1, 2);
		ledger.status(1, 0, "order-1-0");
		ledger.status(1, 1, "order-1-1");
		ledger.status(1, 1, "order-1-1");

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.orderIds().duplicated()).containsExactly("order-1-1");
		assertThat(balance.orderIds().withOneStatus()).containsExactly("order-1-0");
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldCountRecordsTheGroupHasNotReachedAsPendingNotLost() {
		// Given
		OrderLedger ledger = ledger(0, 4);
		ledger.committed(0, 1);
		ledger.status(0, 0, "order-0-0");

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.pending()).isEqualTo(3);
		assertThat(balance.lost()).isZero();
		assertThat(balance.orderIds().missing()).isEmpty();
		assertThat(balance.isExact()).isTrue();
	}

	@Test
	void shouldFlagAnOutcomeNamingNoPublishedRecord() {
		// Given
		OrderLedger ledger = ledger(0, 1);
		ledger.committed(0, 1);
		ledger.status(0, 0, "order-0-0");
		ledger.status(0, 7, "order-0-7");

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.unknown()).isEqualTo(1);
		assertThat(balance.orderIds().unknown()).containsExactly("order-0-7");
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldReportAStatusWhoseOrderIsNotTheOrderAtItsPosition() {
		// Given two orders, each with one status, but one status names the other's
		// position: by position and by id alone every order has one outcome
		OrderLedger ledger = ledger(0, 2);
		ledger.committed(0, 2);
		ledger.status(0, 0, "order-0-1");
		ledger.status(0, 1, "order-0-0");

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.mismatched()).isEqualTo(2);
		assertThat(balance.lost()).isZero();
		assertThat(balance.duplicated()).isZero();
		assertThat(balance.orderIds().isExact()).isTrue();
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldReportAStatusAtThePositionOfAMalformedRecord() {
		// Given
		OrderLedger ledger = ledger(0, 1);
		ledger.published(0, 1, null);
		ledger.committed(0, 2);
		ledger.status(0, 0, "order-0-0");
		ledger.status(0, 1, null);

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.mismatched()).isEqualTo(1);
		assertThat(balance.orderIds().unknown()).containsExactly("");
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldBalanceAShareGroupWhenARecordDeliveredAgainHasOneStatusPerDelivery() {
		// Given a share group (no committed offsets): order-0-1 processed on its first
		// delivery and again on its second, after its member died before acknowledging it
		OrderLedger ledger = ledger(OrderLedger.Delivery.AT_LEAST_ONCE, 0, 3);
		ledger.published(0, 3, null);
		ledger.status(0, 0, "order-0-0", 1);
		ledger.status(0, 1, "order-0-1", 1);
		ledger.status(0, 1, "order-0-1", 2);
		ledger.status(0, 2, "order-0-2", 3);
		ledger.deadLetter(0, 3);
		ledger.deadLetter(0, 3);

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.isExact()).isTrue();
		assertThat(balance.due()).isEqualTo(4);
		assertThat(balance.pending()).isZero();
		assertThat(balance.redelivered()).isEqualTo(2);
		assertThat(balance.duplicated()).isZero();
		assertThat(balance.orderIds().withOneStatus()).isEqualTo(balance.orderIds().orders());
	}

	@Test
	void shouldCountTwoStatusesOfTheSameDeliveryAsDuplicatedInAShareGroup() {
		// Given
		OrderLedger ledger = ledger(OrderLedger.Delivery.AT_LEAST_ONCE, 0, 2);
		ledger.status(0, 0, "order-0-0", 1);
		ledger.status(0, 1, "order-0-1", 2);
		ledger.status(0, 1, "order-0-1", 2);

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.duplicated()).isEqualTo(1);
		assertThat(balance.redelivered()).isZero();
		assertThat(balance.orderIds().duplicated()).containsExactly("order-0-1");
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldCountAStatusBesideADeadLetterAsDuplicatedInAShareGroup() {
		// Given
		OrderLedger ledger = ledger(OrderLedger.Delivery.AT_LEAST_ONCE, 0, 1);
		ledger.status(0, 0, "order-0-0", 1);
		ledger.deadLetter(0, 0);

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.duplicated()).isEqualTo(1);
		assertThat(balance.isExact()).isFalse();
	}

	@Test
	void shouldCountEveryRecordWithoutAStatusAsLostInAShareGroup() {
		// Given a share group: no committed offset says what is still to come
		OrderLedger ledger = ledger(OrderLedger.Delivery.AT_LEAST_ONCE, 0, 3);
		ledger.status(0, 0, "order-0-0", 1);

		// When
		OrderLedger.Balance balance = ledger.balance();

		// Then
		assertThat(balance.lost()).isEqualTo(2);
		assertThat(balance.orderIds().missing()).containsExactly("order-0-1", "order-0-2");
		assertThat(balance.isExact()).isFalse();
	}

	/** Valid orders {@code order-<partition>-<offset>} at offsets 0 to records - 1. */
	private static OrderLedger ledger(int partition, int records) {
		return ledger(OrderLedger.Delivery.EXACTLY_ONCE, partition, records);
	}

	private static OrderLedger ledger(OrderLedger.Delivery delivery, int partition, int records) {
		OrderLedger ledger = new OrderLedger(delivery);
		for (int offset = 0; offset < records; offset++) {
			ledger.published(partition, offset, "order-" + partition + "-" + offset);
		}
		return ledger;
	}

}
