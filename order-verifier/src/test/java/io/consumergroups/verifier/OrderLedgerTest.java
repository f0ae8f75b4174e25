package io.consumergroups.verifier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderLedgerTest {

	@Test
	void shouldBalanceWhenEveryCommittedRecordHasOneStatusOrOneDeadLetter() {
		OrderLedger ledger = ledger(0, 5);
		ledger.committed(0, 5);
		ledger.status(0, 0);
		ledger.status(0, 1);
		ledger.deadLetter(0, 2);
		ledger.status(0, 3);
		ledger.status(0, 4);

		OrderLedger.Balance balance = ledger.balance();

		assertThat(balance.isExact()).isTrue();
		assertThat(balance.due()).isEqualTo(5);
		assertThat(balance.statuses()).isEqualTo(4);
		assertThat(balance.deadLetters()).isEqualTo(1);
	}

	@Test
	void shouldCountARecordWithoutOutcomeBelowTheCommittedOffsetAsLost() {
		OrderLedger ledger = ledger(0, 3);
		ledger.committed(0, 3);
		ledger.status(0, 0);
		ledger.status(0, 2);

		assertThat(ledger.balance().lost()).isEqualTo(1);
		assertThat(ledger.balance().isExact()).isFalse();
	}

	@Test
	void shouldCountARecordWithTwoOutcomesAsDuplicated() {
		OrderLedger ledger = ledger(1, 2);
		ledger.committed(1, 2);
		ledger.status(1, 0);
		ledger.status(1, 1);
		ledger.deadLetter(1, 1);

		assertThat(ledger.balance().duplicated()).isEqualTo(1);
	}

	@Test
	void shouldCountRecordsTheGroupHasNotReachedAsPendingNotLost() {
		OrderLedger ledger = ledger(0, 4);
		ledger.committed(0, 1);
		ledger.status(0, 0);

		OrderLedger.Balance balance = ledger.balance();

		assertThat(balance.pending()).isEqualTo(3);
		assertThat(balance.lost()).isZero();
		assertThat(balance.isExact()).isTrue();
	}

	@Test
	void shouldFlagAnOutcomeNamingNoPublishedRecord() {
		OrderLedger ledger = ledger(0, 1);
		ledger.committed(0, 1);
		ledger.status(0, 0);
		ledger.status(0, 7);

		assertThat(ledger.balance().unknown()).isEqualTo(1);
		assertThat(ledger.balance().isExact()).isFalse();
	}

	private static OrderLedger ledger(int partition, int records) {
		OrderLedger ledger = new OrderLedger();
		for (int offset = 0; offset < records; offset++) {
			ledger.published(partition, offset);
		}
		return ledger;
	}

}
