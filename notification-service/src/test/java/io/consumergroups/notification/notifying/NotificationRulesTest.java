package io.consumergroups.notification.notifying;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.notification.TestProperties;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.config.NotificationProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NotificationRulesTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	/** The alert threshold is 100. */
	private final NotificationRules rules = new NotificationRules(
			TestProperties.withChannel(NotificationProperties.Channel.LOG, null));

	@Test
	void shouldConfirmEveryOrderToItsCustomer() {
		List<Notification> notifications = this.rules.forOrder("customer-1", order("order-1", "19.90"));

		assertThat(notifications).singleElement().satisfies((notification) -> {
			assertThat(notification.id()).isEqualTo("order-1:confirmation");
			assertThat(notification.kind()).isEqualTo(Notification.Kind.CONFIRMATION);
			assertThat(notification.audience()).isEqualTo(Notification.Audience.CUSTOMER);
			assertThat(notification.customerId()).isEqualTo("customer-1");
			assertThat(notification.text()).isEqualTo("Thank you: we received your order order-1 of 19.90 EUR.");
		});
	}

	@Test
	void shouldAlertOperationsWhenTheTotalExceedsTheThreshold() {
		List<Notification> notifications = this.rules.forOrder("customer-1", order("order-2", "100.01"));

		assertThat(notifications).extracting(Notification::id)
			.containsExactly("order-2:confirmation", "order-2:high-total");
		assertThat(notifications.get(1).audience()).isEqualTo(Notification.Audience.OPERATIONS);
		assertThat(notifications.get(1).text()).contains("100.01 EUR").contains("threshold of 100");
	}

	@Test
	void shouldNotAlertWhenTheTotalIsExactlyTheThreshold() {
		assertThat(this.rules.forOrder("customer-1", order("order-3", "100.00"))).extracting(Notification::kind)
			.containsExactly(Notification.Kind.CONFIRMATION);
	}

	@Test
	void shouldAlertOperationsWhenAnOrderIsRejected() {
		List<Notification> notifications = this.rules.forStatus("order-4",
				status("order-4", OrderStatus.Status.REJECTED, "currency GBP is not accepted"));

		assertThat(notifications).singleElement().satisfies((notification) -> {
			assertThat(notification.id()).isEqualTo("order-4:rejected");
			assertThat(notification.audience()).isEqualTo(Notification.Audience.OPERATIONS);
			assertThat(notification.text()).endsWith("was rejected: currency GBP is not accepted.");
		});
	}

	@Test
	void shouldSayNothingAboutAnAcceptedOrder() {
		assertThat(this.rules.forStatus("order-5", status("order-5", OrderStatus.Status.ACCEPTED, null))).isEmpty();
	}

	@Test
	void shouldNotAlertRejectionsWhenSuchAlertsAreOff() {
		NotificationProperties off = TestProperties.withChannel(NotificationProperties.Channel.LOG, null);
		NotificationRules rules = new NotificationRules(new NotificationProperties(off.instanceId(), off.channel(),
				new NotificationProperties.Alerts(BigDecimal.TEN, false), off.webhook(), off.email(), off.sent(),
				off.recent()));

		assertThat(rules.forStatus("order-6", status("order-6", OrderStatus.Status.REJECTED, "no"))).isEmpty();
	}

	@Test
	void shouldFindRecordsNotKeyedAsTheirTopicPromisesMalformed() {
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forOrder("customer-2", order("order-7", "1.00")))
			.withMessage("record key customer-2 is not the order's customer id");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forOrder("customer-1", null));
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forStatus("order-9", status("order-8", OrderStatus.Status.REJECTED, "no")));
	}

	@Test
	void shouldFindARecordWithoutKeyOrWithoutValueMalformed() {
		// Given a tombstone, and an order without key
		// When the rules look at them
		// Then each is malformed, saying why
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forOrder("customer-1", null))
			.withMessageContaining("tombstone");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forOrder(null, order("order-10", "1.00")))
			.withMessageContaining("no key");
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forStatus(null, status("order-11", OrderStatus.Status.REJECTED, "no")))
			.withMessageContaining("no key");
	}

	@Test
	void shouldQuoteAnOversizedKeyBrieflyInItsCause() {
		// Given an order whose key is 900 KB
		String key = "customer-" + "9".repeat(900_000);

		// When the rules look at it
		// Then the cause names the key without carrying it into logs and headers
		assertThatExceptionOfType(MalformedRecordException.class)
			.isThrownBy(() -> this.rules.forOrder(key, order("order-12", "1.00")))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200)
				.startsWith("record key customer-999")
				.contains("(900009 characters)"));
	}

	private static Order order(String orderId, String total) {
		return new Order(orderId, "customer-1", "eu-west", List.of(new OrderItem("sku-1", 1, new BigDecimal(total))),
				new BigDecimal(total), "EUR", NOW);
	}

	private static OrderStatus status(String orderId, OrderStatus.Status status, String reason) {
		return new OrderStatus(orderId, "customer-1", status, reason, "order-processor-1", 0, 0, NOW);
	}

}
