package io.consumergroups.notification.config;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.events.DeadLetters;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.channel.PermanentDeliveryException;
import io.consumergroups.notification.notifying.MalformedRecordException;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * What happens to a record whose notifications cannot be sent. The listener runs in a
 * Kafka transaction, so a failure rolls it back and the {@link AfterRollbackProcessor}
 * decides: retry with back-off (a receiver that is down), or publish the record to
 * {@code notification-service.DLT} with the cause in headers and commit its offset in the
 * same new transaction; should that transaction fail, the record is delivered again
 * ({@link DeadLetteringAfterRollbackProcessor}). A malformed record, or a notification
 * the receiver refused for good, goes there at once. Either way the partition moves on.
 * <p>
 * This group's dead letters are its own: {@code orders.DLT} belongs to the
 * order-processors group, and a record one group can handle may be one another cannot.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfig {

	/**
	 * Three retries, 1 s, 2 s, 4 s apart, on top of the webhook's own retries. The worst
	 * case for one record (4 attempts of 4 posts that each time out, with back-off) stays
	 * under two minutes, well inside {@code max.poll.interval.ms}.
	 * @param template the transactional template
	 * @return the after-rollback processor of both listeners
	 */
	@Bean
	AfterRollbackProcessor<Object, Object> deadLetteringAfterRollbackProcessor(KafkaTemplate<Object, Object> template) {
		// Same partition number as the original: the DLT has as many partitions as
		// orders and order-status. The publisher adds the root cause and cuts a dead
		// letter to fit the topic: a record near 1 MB, copied with headers that quote it,
		// would fail with RecordTooLargeException on every retry and block its partition.
		var recoverer = new DeadLetterPublisher(template,
				(record, exception) -> new TopicPartition(NotificationTopics.DEAD_LETTERS, record.partition()));
		var backOff = new ExponentialBackOffWithMaxRetries(3);
		backOff.setInitialInterval(1_000);
		backOff.setMultiplier(2);
		backOff.setMaxInterval(4_000);
		var processor = new DeadLetteringAfterRollbackProcessor<>(recoverer, backOff, template);
		processor.addNotRetryableExceptions(MalformedRecordException.class, PermanentDeliveryException.class);
		return processor;
	}

	/**
	 * One producer writes both {@code notifications.sent} (JSON) and the DLT. A record
	 * that failed deserialization reaches the recoverer as its original bytes, which must
	 * be written as they are, not as JSON.
	 * @return a customizer that serializes byte arrays raw and everything else as JSON
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer rawBytesOrJsonValues() {
		return (factory) -> setValueSerializer(factory);
	}

	@SuppressWarnings("unchecked")
	private static void setValueSerializer(DefaultKafkaProducerFactory<?, ?> factory) {
		((DefaultKafkaProducerFactory<?, Object>) factory).setValueSerializerSupplier(DeadLetters::rawBytesOrJson);
	}

}
