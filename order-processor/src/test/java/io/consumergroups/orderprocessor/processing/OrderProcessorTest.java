package io.consumergroups.orderprocessor.processing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.orderprocessor.config.ProcessorProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrderProcessorTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final ProcessorProperties properties = new ProcessorProperties("order-processor-2",
			new ProcessorProperties.Group(ProcessorProperties.GroupType.CONSUMER,
					ProcessorProperties.GroupProtocol.CLASSIC, ProcessorProperties.Assignor.COOPERATIVE_STICKY, true,
					java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5),
					"order-processors-share", java.time.Duration.ofSeconds(5)),
			true, Set.of("EUR", "USD"), new BigDecimal("1000"), java.time.Duration.ZERO,
			java.time.Duration.ofSeconds(1));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final OrderProcessor processor = new OrderProcessor(this.properties, new OrderRules(this.properties),
			Clock.fixed(NOW, ZoneOffset.UTC), this.meters);

	@Test
	void shouldAcceptAWellFormedOrderAndSayWhoProcessedIt() {
		OrderStatus status = this.processor.process("customer-1", order("EUR", "19.90"), 3, 41);

		assertThat(status).isEqualTo(new OrderStatus("order-17", "customer-1", OrderStatus.Status.ACCEPTED, null,
				"order-processor-2", 3, 41, NOW));
		assertThat(this.meters.counter("orders.processed", "status", "accepted").count()).isEqualTo(1);
	}

	@Test
	void shouldRejectAnOrderWhoseTotalDoesNotMatchItsItems() {
		OrderStatus status = this.processor.process("customer-1", order("EUR", "20.00"), 0, 0);

		assertThat(status.status()).isEqualTo(OrderStatus.Status.REJECTED);
		assertThat(status.reason()).isEqualTo("total 20.00 does not match the items (19.9)");
		assertThat(this.meters.counter("orders.processed", "status", "rejected").count()).isEqualTo(1);
		assertThat(this.meters.counter("orders.processed", "status", "accepted").count()).isZero();
	}

	@Test
	void shouldRejectAnOrderInACurrencyThatIsNotAccepted() {
		OrderStatus status = this.processor.process("customer-1", order("GBP", "19.90"), 0, 0);

		assertThat(status.status()).isEqualTo(OrderStatus.Status.REJECTED);
		assertThat(status.reason()).isEqualTo("currency GBP is not accepted");
	}

	@Test
	void shouldRejectAnOrderAboveTheLimit() {
		Order big = new Order("order-18", "customer-1", "eu-west",
				List.of(new OrderItem("sku-1", 200, new BigDecimal("9.95"))), new BigDecimal("1990.00"), "EUR", NOW);

		OrderStatus status = this.processor.process("customer-1", big, 0, 0);

		assertThat(status.reason()).isEqualTo("total 1990.00 exceeds the limit of 1000");
	}

	@Test
	void shouldFindARecordWithoutValueOrKeyMalformed() {
		assertThatExceptionOfType(MalformedOrderException.class)
			.isThrownBy(() -> this.processor.process("customer-1", null, 0, 0))
			.withMessage("record has no value");
		assertThatExceptionOfType(MalformedOrderException.class)
			.isThrownBy(() -> this.processor.process(null, order("EUR", "19.90"), 0, 0))
			.withMessageContaining("no key");
	}

	@Test
	void shouldFindAKeyThatIsNotTheCustomerMalformed() {
		assertThatExceptionOfType(MalformedOrderException.class)
			.isThrownBy(() -> this.processor.process("customer-2", order("EUR", "19.90"), 0, 0))
			.withMessage("record key customer-2 is not the order's customer id");
	}

	private static Order order(String currency, String total) {
		return new Order("order-17", "customer-1", "eu-west", List.of(new OrderItem("sku-1", 1, new BigDecimal("9.95")),
				new OrderItem("sku-2", 2, new BigDecimal("4.975"))), new BigDecimal(total), currency, NOW);
	}

}
