package io.consumergroups.notification.channel;

import java.math.BigDecimal;

/**
 * One message to a customer or to operations about one order. Every channel delivers it
 * as it is: a webhook posts it as JSON, an e-mail uses its subject and text.
 *
 * @param id unique per order and kind, e.g. {@code order-17:confirmation}: the key of its
 * record on {@code notifications.sent} and the {@code Idempotency-Key} a receiver can
 * drop a repeated delivery by
 * @param kind what it is about
 * @param audience who it is for
 * @param orderId the order
 * @param customerId the order's customer
 * @param subject one line
 * @param text the message
 * @param total the order's total, when known
 * @param currency the total's currency, when known
 */
public record Notification(String id, Kind kind, Audience audience, String orderId, String customerId, String subject,
		String text, BigDecimal total, String currency) {

	/**
	 * The id of a notification.
	 * @param orderId the order
	 * @param kind the kind of notification
	 * @return e.g. {@code order-17:high-total}
	 */
	public static String id(String orderId, Kind kind) {
		return orderId + ":" + kind.suffix;
	}

	/**
	 * What a notification is about.
	 */
	public enum Kind {

		/** To the customer: the order was received. */
		CONFIRMATION("confirmation", Audience.CUSTOMER),

		/** To operations: the order's total is above the alert threshold. */
		HIGH_TOTAL("high-total", Audience.OPERATIONS),

		/** To operations: the order-processors group rejected the order. */
		REJECTED("rejected", Audience.OPERATIONS);

		private final String suffix;

		private final Audience audience;

		Kind(String suffix, Audience audience) {
			this.suffix = suffix;
			this.audience = audience;
		}

		public Audience audience() {
			return this.audience;
		}

	}

	/**
	 * Who a notification is for.
	 */
	public enum Audience {

		/** The customer who placed the order. */
		CUSTOMER,

		/** The people who run the shop. */
		OPERATIONS

	}

}
