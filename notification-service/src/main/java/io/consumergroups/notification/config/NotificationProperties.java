package io.consumergroups.notification.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one notification-service replica.
 *
 * @param instanceId the replica's name, e.g. {@code notification-service-1}: the prefix
 * of its Kafka client ids and transactional ids; from {@code INSTANCE_ID}, else
 * {@code HOSTNAME}
 * @param channel how notifications are delivered
 * @param alerts when operations are alerted
 * @param webhook the {@code webhook} channel
 * @param email the {@code email} channel
 * @param sent the record of what was sent
 * @param recent how many sent notifications {@code GET /notifications/recent} keeps
 */
@ConfigurationProperties("notifications")
public record NotificationProperties(String instanceId, @DefaultValue("log") Channel channel,
		@DefaultValue Alerts alerts, @DefaultValue Webhook webhook, @DefaultValue Email email, @DefaultValue Sent sent,
		@DefaultValue("50") int recent) {

	/**
	 * The delivery channels.
	 */
	public enum Channel {

		/** One INFO line per notification: the default, needs nothing. */
		LOG,

		/** An HTTP POST of the notification as JSON. */
		WEBHOOK,

		/** An e-mail through Spring's mail support (SMTP, {@code spring.mail.*}). */
		EMAIL

	}

	/**
	 * When operations are alerted.
	 *
	 * @param highTotal an order whose total exceeds this (in the order's currency; no
	 * conversion) raises an alert
	 * @param rejected whether an order rejected by the order-processors group raises an
	 * alert
	 */
	public record Alerts(@DefaultValue("1000") BigDecimal highTotal, @DefaultValue("true") boolean rejected) {

	}

	/**
	 * The {@code webhook} channel.
	 *
	 * @param url where notifications are posted; required with this channel
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for the answer; a timeout is retried
	 * @param retry how often and how soon a failed post is retried
	 */
	public record Webhook(URI url, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("5s") Duration readTimeout, @DefaultValue Retry retry) {

	}

	/**
	 * Retries of one webhook post, for 5xx answers, 408, 429 and I/O errors (timeouts
	 * included). Other 4xx answers are permanent and not retried.
	 *
	 * @param maxRetries retries after the first attempt
	 * @param delay the wait before the first retry
	 * @param multiplier how much longer each next wait is
	 * @param maxDelay the longest wait
	 */
	public record Retry(@DefaultValue("3") int maxRetries, @DefaultValue("500ms") Duration delay,
			@DefaultValue("2") double multiplier, @DefaultValue("4s") Duration maxDelay) {

	}

	/**
	 * The {@code email} channel; the SMTP server is {@code spring.mail.host} and its
	 * siblings.
	 *
	 * @param from the sender
	 * @param customerAddress the customer's address, {@code {customerId}} replaced:
	 * orders carry no address, a real service looks it up in its customer directory
	 * @param operationsAddress where alerts go
	 */
	public record Email(@DefaultValue("notifications@example.com") String from,
			@DefaultValue("{customerId}@customers.example.com") String customerAddress,
			@DefaultValue("operations@example.com") String operationsAddress) {

	}

	/**
	 * The record of what was sent.
	 *
	 * @param retention how long {@code notifications.sent} keeps an id, and so how long a
	 * redelivered order is recognised; it bounds the topic and the ids each replica holds
	 * in memory for its partitions
	 */
	public record Sent(@DefaultValue("1d") Duration retention) {

	}

}
