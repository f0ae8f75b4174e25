package io.consumergroups.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRelayTest {

	private static final String PREFIX = "2026-01-10T10:15:30.123+01:00  %s 4242 --- [order-processor] "
			+ "[ntainer#0-0-C-1] i.c.o.processing.OrderProcessor        : ";

	@Test
	void shouldRelayProcessedOrdersWithoutSpringBootsPrefix() {
		// Given
		String line = PREFIX.formatted("INFO")
				+ "Order order-17 is processed by order-processor-2 (partition 3, offset 41)";

		// When, then
		assertThat(ConsoleRelay.toConsole("order-processor-2", line))
			.contains("[order-processor-2] Order order-17 is processed by order-processor-2 (partition 3, offset 41)");
	}

	@Test
	void shouldRelayRebalancesAndKeepTheLevelOfWarnings() {
		// When, then
		assertThat(ConsoleRelay.toConsole("order-processor-2",
				PREFIX.formatted("INFO") + "order-processor-2 revoked [orders-3]; now owns [orders-4]"))
			.contains("[order-processor-2] order-processor-2 revoked [orders-3]; now owns [orders-4]");
		assertThat(ConsoleRelay.toConsole("order-processor-2", PREFIX.formatted("WARN") + "Node 2 disconnected."))
			.contains("[order-processor-2] WARN Node 2 disconnected.");
	}

	@Test
	void shouldKeepEverythingElseInTheLogFile() {
		// When, then
		assertThat(
				ConsoleRelay.toConsole("order-processor-2", PREFIX.formatted("INFO") + "Tomcat started on port 8092"))
			.isEmpty();
		assertThat(ConsoleRelay.toConsole("order-processor-2", "\tat java.base/java.lang.Thread.run(Thread.java:840)"))
			.isEmpty();
	}

}
