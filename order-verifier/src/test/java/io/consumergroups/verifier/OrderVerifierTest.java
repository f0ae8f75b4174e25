package io.consumergroups.verifier;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderVerifierTest {

	@Test
	void shouldNameTheOrdersThatBreakTheAccountsInItsReport() {
		// Given order-0-1 without a status and order-0-2 with two
		OrderLedger ledger = new OrderLedger();
		for (int offset = 0; offset < 3; offset++) {
			ledger.published(0, offset, "order-0-" + offset);
		}
		ledger.committed(0, 3);
		ledger.status(0, 0, "order-0-0");
		ledger.status(0, 2, "order-0-2");
		ledger.status(0, 2, "order-0-2");
		OrderVerifier.Report report = new OrderVerifier.Report(ledger.balance(), List.of());

		// When
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

		// Then
		assertThat(printed.toString(StandardCharsets.UTF_8))
			.contains("order ids: 3 valid orders, 1 with one status; missing: 1 (order-0-1), duplicated: 1 (order-0-2)")
			.contains("NOT EXACT");
	}

	@Test
	void shouldSayAShareGroupBalancesWithOneOutcomePerDelivery() {
		// Given order-0-1 processed on two deliveries by a share group
		OrderLedger ledger = new OrderLedger(OrderLedger.Delivery.AT_LEAST_ONCE);
		ledger.published(0, 0, "order-0-0");
		ledger.published(0, 1, "order-0-1");
		ledger.status(0, 0, "order-0-0", 1);
		ledger.status(0, 1, "order-0-1", 1);
		ledger.status(0, 1, "order-0-1", 2);
		OrderVerifier.Report report = new OrderVerifier.Report(ledger.balance(), List.of());

		// When
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

		// Then
		assertThat(printed.toString(StandardCharsets.UTF_8))
			.contains("orders: 2 published, all due from order-processors-share")
			.contains("lost: 0, duplicated: 0, delivered again with an outcome per delivery: 1")
			.contains("order ids: 2 valid orders, 2 with one status per delivery")
			.contains("AT LEAST ONCE: every order has an outcome, one per delivery");
	}

}
