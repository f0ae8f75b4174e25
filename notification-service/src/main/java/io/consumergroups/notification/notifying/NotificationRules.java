package io.consumergroups.notification.notifying;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderContract;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.config.NotificationProperties;

import org.springframework.stereotype.Component;

/**
 * Which notifications a record calls for: every order a confirmation to its customer, an
 * order above the threshold an alert, a rejected order an alert.
 */
@Component
class NotificationRules {

	private final NotificationProperties.Alerts alerts;

	NotificationRules(NotificationProperties properties) {
		this.alerts = properties.alerts();
	}

	/**
	 * The notifications for one record of {@code orders}. Its value has passed the
	 * constraints of {@link Order} while it was deserialized.
	 * @param key the record key, the customer id
	 * @param order the record value
	 * @return a confirmation, then an alert if the total is above the threshold
	 * @throws MalformedRecordException if the record has no value or is not keyed by its
	 * customer
	 */
	List<Notification> forOrder(String key, Order order) {
		if (order == null) {
			throw new MalformedRecordException("record has no value (a tombstone)");
		}
		if (key == null) {
			throw new MalformedRecordException("record has no key; orders are keyed by customer id");
		}
		if (!order.customerId().equals(key)) {
			throw new MalformedRecordException("record key " + quote(key) + " is not the order's customer id");
		}
		List<Notification> notifications = new ArrayList<>(2);
		notifications.add(notification(order, Notification.Kind.CONFIRMATION, "Order " + order.orderId() + " received",
				"Thank you: we received your order " + order.orderId() + " of " + amount(order) + "."));
		BigDecimal threshold = this.alerts.highTotal();
		if (order.total().compareTo(threshold) > 0) {
			notifications.add(notification(order, Notification.Kind.HIGH_TOTAL, "High-value order " + order.orderId(),
					"Order " + order.orderId() + " of " + order.customerId() + " totals " + amount(order)
							+ ", above the alert threshold of " + threshold + "."));
		}
		return notifications;
	}

	/**
	 * The notifications for one record of {@code order-status}.
	 * @param key the record key, the order id
	 * @param status the record value
	 * @return an alert if the order was rejected and such alerts are on; else none
	 * @throws MalformedRecordException if the record has no value, no status, or is not
	 * keyed by its order
	 */
	List<Notification> forStatus(String key, OrderStatus status) {
		if (status == null || status.status() == null) {
			throw new MalformedRecordException("record has no value or no status");
		}
		if (key == null) {
			throw new MalformedRecordException("record has no key; order statuses are keyed by order id");
		}
		if (status.orderId() == null || !status.orderId().equals(key)) {
			throw new MalformedRecordException("record key " + quote(key) + " is not the status's order id");
		}
		if (status.status() != OrderStatus.Status.REJECTED || !this.alerts.rejected()) {
			return List.of();
		}
		Notification.Kind kind = Notification.Kind.REJECTED;
		return List.of(
				new Notification(Notification.id(status.orderId(), kind), kind, kind.audience(), status.orderId(),
						status.customerId(), "Order " + status.orderId() + " rejected", "Order " + status.orderId()
								+ " of " + status.customerId() + " was rejected: " + status.reason() + ".",
						null, null));
	}

	/**
	 * A key as an exception message may quote it: a key can be as large as a record (900
	 * KB), and the message ends up in log lines and dead-letter headers.
	 */
	private static String quote(String key) {
		if (key.length() <= OrderContract.MAX_ID_LENGTH) {
			return key;
		}
		return key.substring(0, OrderContract.MAX_ID_LENGTH) + "... (" + key.length() + " characters)";
	}

	private static Notification notification(Order order, Notification.Kind kind, String subject, String text) {
		return new Notification(Notification.id(order.orderId(), kind), kind, kind.audience(), order.orderId(),
				order.customerId(), subject, text, order.total(), order.currency());
	}

	private static String amount(Order order) {
		return order.total().toPlainString() + " " + order.currency();
	}

}
