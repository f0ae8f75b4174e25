package io.consumergroups.notification.channel;

import java.net.URI;
import java.net.http.HttpClient;

import io.consumergroups.notification.config.NotificationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Posts a notification as JSON to one URL, with its id in an {@code Idempotency-Key}
 * header. The id is the same every time the same notification is posted, so a receiver
 * that remembers the keys it has seen can drop a repeat: after a retry whose first
 * attempt did arrive, or after a crash between a post and the Kafka commit that records
 * it.
 * <p>
 * A post is retried with back-off on 5xx answers, 408, 429 and I/O errors (timeouts
 * included), a bounded number of times; then the failure goes to the listener container,
 * which retries the record and finally dead-letters it. Any other 4xx answer is
 * permanent.
 */
class WebhookChannel implements NotificationChannel {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Logger logger = LoggerFactory.getLogger(WebhookChannel.class);

	private final URI url;

	private final RestClient http;

	private final RetryTemplate retry;

	WebhookChannel(NotificationProperties.Webhook webhook) {
		if (webhook.url() == null) {
			throw new IllegalStateException("notifications.webhook.url must be set when notifications.channel=webhook");
		}
		this.url = webhook.url();
		this.http = RestClient.builder().requestFactory(requestFactory(webhook)).build();
		this.retry = new RetryTemplate(retryPolicy(webhook.retry()));
		this.retry.setRetryListener(new RetryLog());
	}

	/**
	 * Without timeouts a receiver that accepts the connection and never answers would
	 * hold the partition forever; with them, every post ends, and the container's
	 * {@code max.poll.interval.ms} stays out of reach.
	 */
	private static JdkClientHttpRequestFactory requestFactory(NotificationProperties.Webhook webhook) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(webhook.connectTimeout())
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(webhook.readTimeout());
		return factory;
	}

	private static RetryPolicy retryPolicy(NotificationProperties.Retry retry) {
		return RetryPolicy.builder()
			.maxRetries(retry.maxRetries())
			.delay(retry.delay())
			.multiplier(retry.multiplier())
			.maxDelay(retry.maxDelay())
			.predicate(WebhookChannel::isTransient)
			.build();
	}

	/**
	 * Whether a failed post may succeed later: the receiver is down or overloaded (5xx,
	 * 429), timed out (408, or no answer in time), or could not be reached.
	 * @param failure what the post threw
	 * @return whether to retry it
	 */
	static boolean isTransient(Throwable failure) {
		if (failure instanceof HttpStatusCodeException answer) {
			int status = answer.getStatusCode().value();
			return answer.getStatusCode().is5xxServerError() || status == 408 || status == 429;
		}
		return failure instanceof ResourceAccessException;
	}

	@Override
	public String name() {
		return "webhook";
	}

	@Override
	public void send(Notification notification) {
		try {
			this.retry.invoke(() -> post(notification));
		}
		catch (HttpClientErrorException ex) {
			if (isTransient(ex)) {
				throw ex;
			}
			throw new PermanentDeliveryException(
					"Webhook refused notification " + notification.id() + ": " + ex.getStatusCode(), ex);
		}
	}

	private void post(Notification notification) {
		this.http.post()
			.uri(this.url)
			.contentType(MediaType.APPLICATION_JSON)
			.header(IDEMPOTENCY_KEY, notification.id())
			.body(notification)
			.retrieve()
			.toBodilessEntity();
	}

	/**
	 * One WARN line per retry, so a struggling receiver shows in the log.
	 */
	private static final class RetryLog implements RetryListener {

		@Override
		public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
			logger.warn("Webhook post failed ({}); retry {}", state.getLastException().getMessage(),
					state.getRetryCount());
		}

	}

}
