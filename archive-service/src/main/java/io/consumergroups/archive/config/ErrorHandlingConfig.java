package io.consumergroups.archive.config;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens when a batch cannot be archived, the bucket being unreachable for
 * instance. An archive must not lose an order, so there is no giving up: the container
 * pauses the consumer (which keeps polling, so stays in the group) and delivers the same
 * records again after a back-off, for as long as it takes. The archiver ignores the
 * records it has taken already and writes the pending object again, under the same key.
 * Meanwhile the group's lag grows, which is what to alert on.
 * <p>
 * Malformed records are not thrown as errors: the archiver sends each to
 * {@code archive-service.DLT} and moves on. They get here only when that send fails (the
 * DLT unreachable), and are then retried like a failed write, since an offset must not
 * move past a record that is neither archived nor dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfig {

	private static final Logger logger = LoggerFactory.getLogger(ErrorHandlingConfig.class);

	@Bean
	DefaultErrorHandler retryForeverErrorHandler() {
		var backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(30_000);
		var handler = new DefaultErrorHandler(backOff);
		// Every exception is worth retrying: none is a reason to skip an order.
		handler.setClassifications(Map.of(), true);
		// Never commit after handling an error: only a written object moves the offset.
		handler.setAckAfterHandle(false);
		handler.setRetryListeners(new FailedAttemptLog());
		return handler;
	}

	/**
	 * One line per failed attempt: the container itself logs batch retries at DEBUG.
	 */
	private static final class FailedAttemptLog implements RetryListener {

		@Override
		public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
			logger.warn("Archiving {} records failed (attempt {}), trying again: {}", records.count(), attempt,
					NestedExceptionUtils.getMostSpecificCause(ex).toString());
		}

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
			// Batch listener: only the batch variant is called.
		}

	}

}
