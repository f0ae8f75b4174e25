package io.consumergroups.notification.channel;

import java.math.BigDecimal;

/**
 * Notifications for channel tests.
 */
final class Notifications {

	private Notifications() {
	}

	static Notification confirmation(String orderId) {
		Notification.Kind kind = Notification.Kind.CONFIRMATION;
		return new Notification(Notification.id(orderId, kind), kind, kind.audience(), orderId, "customer-7",
				"Order " + orderId + " received", "Thank you: we received your order " + orderId + " of 19.90 EUR.",
				new BigDecimal("19.90"), "EUR");
	}

	static Notification highTotalAlert(String orderId) {
		Notification.Kind kind = Notification.Kind.HIGH_TOTAL;
		return new Notification(Notification.id(orderId, kind), kind, kind.audience(), orderId, "customer-7",
				"High-value order " + orderId, "Order " + orderId + " totals 1990.00 EUR.", new BigDecimal("1990.00"),
				"EUR");
	}

}
