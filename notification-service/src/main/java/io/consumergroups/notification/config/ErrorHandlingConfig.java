package io.consumergroups.notification.config;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.notification.NotificationTopics;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What happens to a record whose notifications cannot be sent, and to a poll whose
 * transaction fails.
 * <p>
 * A record's own failures are the listener's to handle ({@code PollNotifier}): retried
 * with back-off while they may pass, else published to {@code notification-service.DLT}
 * with the cause in headers, in the poll's transaction, so the dead letter and the offset
 * past its record commit together or not at all. What remains for the container is a
 * transaction that failed as a whole (a broker refused a write or the offsets commit, a
 * rebalance fenced the generation): it is rolled back, and the whole poll is delivered
 * again; what was already sent is not sent again.
 * <p>
 * This group's dead letters are its own: {@code orders.DLT} belongs to the
 * order-processors group, and a record one group can handle may be one another cannot.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfig {

	/**
	 * Publishes a record to {@code notification-service.DLT}, on the partition of its own
	 * number (the DLT has as many partitions as {@code orders} and {@code order-status}),
	 * with the root cause, cut to fit the topic: a record near 1 MB, copied with headers
	 * that quote it, would fail with {@code RecordTooLargeException} on every retry and
	 * block its partition.
	 * @param template the transactional template
	 * @return the dead-letter publisher of both listeners
	 */
	@Bean
	DeadLetterPublisher deadLetterPublisher(KafkaTemplate<Object, Object> template) {
		return DeadLetterPublisher.toSamePartition(template, NotificationTopics.DEAD_LETTERS);
	}

	/**
	 * A poll whose transaction failed is sought back and delivered again, half a second
	 * later, as often as it takes: the failure is the cluster's or the group's, not the
	 * records'.
	 * @return the after-rollback processor of both listeners
	 */
	@Bean
	AfterRollbackProcessor<Object, Object> redeliveringAfterRollbackProcessor() {
		return new DefaultAfterRollbackProcessor<>(new FixedBackOff(500, FixedBackOff.UNLIMITED_ATTEMPTS));
	}

	/**
	 * One producer writes both {@code notifications.sent} (JSON) and the DLT. A record
	 * that failed deserialization reaches the recoverer as its original bytes, which must
	 * be written as they are, not as JSON.
	 * @return a customizer that serializes byte arrays raw and everything else as JSON
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer rawBytesOrJsonValues() {
		return DeadLetters::writeRawBytesOrJson;
	}

}
