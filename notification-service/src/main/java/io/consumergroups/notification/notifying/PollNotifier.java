package io.consumergroups.notification.notifying;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.consumergroups.events.DeadLetterPublisher;
import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.channel.Notification;
import io.consumergroups.notification.channel.PermanentDeliveryException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Service;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * One poll of a listener, in the one Kafka transaction the container runs it in: the
 * notifications of every record, the records of what was sent, the dead letters, and the
 * consumed offsets commit together.
 * <p>
 * A transaction per poll instead of per record: each transaction costs the brokers a few
 * round trips and markers whatever it holds, so under load the transactions grow with the
 * polls instead of multiplying, and one replica keeps up. What a crash may repeat grows
 * with it: the notifications of the poll in hand (see {@link Notifier}).
 * <p>
 * A record that can never be handled (malformed, or a notification the receiver refused
 * for good) goes to {@code notification-service.DLT} with its cause, in the same
 * transaction, and the poll goes on. A record whose notification failed otherwise (a
 * receiver that is down) ends the poll there: the records before it commit, it and those
 * after it are delivered again after a back-off (1 s, 2 s, 4 s; the consumer keeps
 * polling meanwhile, paused), and after the last retry it is dead-lettered too.
 * Notifications sent before a failure are remembered, so a retried record sends only what
 * is missing.
 */
@Service
class PollNotifier {

	private static final Logger logger = LoggerFactory.getLogger(PollNotifier.class);

	private static final LogAccessor headerLogger = new LogAccessor(PollNotifier.class);

	private final Notifier notifier;

	private final DeadLetterPublisher deadLetters;

	private final BackOff retries;

	private final Map<TopicPartition, Retry> retrying = new ConcurrentHashMap<>();

	@Autowired
	PollNotifier(Notifier notifier, DeadLetterPublisher deadLetters) {
		this(notifier, deadLetters, retries());
	}

	PollNotifier(Notifier notifier, DeadLetterPublisher deadLetters, BackOff retries) {
		this.notifier = notifier;
		this.deadLetters = deadLetters;
		this.retries = retries;
	}

	/**
	 * Three retries of a record, 1 s, 2 s and 4 s after its failures, on top of the
	 * webhook's own retries of each post: the worst case for one record stays within a
	 * few minutes, and the consumer polls meanwhile.
	 * @return the retries of a record that may succeed later
	 */
	static BackOff retries() {
		var backOff = new ExponentialBackOffWithMaxRetries(3);
		backOff.setInitialInterval(1_000);
		backOff.setMultiplier(2);
		backOff.setMaxInterval(4_000);
		return backOff;
	}

	/**
	 * Handle one poll's records of one topic.
	 * @param <V> the value type
	 * @param records the poll's records, as the container passes them
	 * @param rules the notifications of a record with a value
	 * @param consumer the listener's consumer
	 * @param acknowledgment the poll's acknowledgment, to deliver records again
	 * @param running whether the listener's container is still running: once it is
	 * stopping, the poll ends after the record in hand, and the rest is the next owner's
	 */
	<V> void notifyAll(List<ConsumerRecord<String, V>> records,
			Function<ConsumerRecord<String, V>, List<Notification>> rules, Consumer<?, ?> consumer,
			Acknowledgment acknowledgment, BooleanSupplier running) {
		List<Notifier.Delivery> delivered = new ArrayList<>();
		List<Failure> failures = new ArrayList<>();
		for (int index = 0; index < records.size(); index++) {
			if (!running.getAsBoolean()) {
				// With a slow receiver a poll can take minutes: a stopping replica
				// commits what it has done and leaves the rest
				end(delivered, failures, consumer);
				acknowledgment.nack(index, Duration.ZERO);
				return;
			}
			ConsumerRecord<String, V> record = records.get(index);
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			try {
				this.notifier.deliver(record, rules.apply(deserialized(record)), delivered);
				this.retrying.remove(partition);
			}
			catch (RuntimeException ex) {
				Duration retryIn = retryIn(partition, record.offset(), ex);
				if (retryIn == null) {
					failures.add(new Failure(record, ex));
					continue;
				}
				logger.warn("Could not notify for {}-{}@{}: {}; the record is delivered again in {} ms", record.topic(),
						record.partition(), record.offset(), ex.toString(), retryIn.toMillis());
				end(delivered, failures, consumer);
				acknowledgment.nack(index, retryIn);
				return;
			}
		}
		end(delivered, failures, consumer);
	}

	/**
	 * The record's value, or the failure that left it without one.
	 */
	private static <V> ConsumerRecord<String, V> deserialized(ConsumerRecord<String, V> record) {
		if (record.value() == null) {
			DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, headerLogger);
			if (failure != null) {
				throw failure;
			}
		}
		return record;
	}

	/**
	 * How long to wait before the record is delivered again, or {@code null} to
	 * dead-letter it now.
	 */
	private Duration retryIn(TopicPartition partition, long offset, RuntimeException failure) {
		if (failure instanceof MalformedRecordException || failure instanceof DeserializationException
				|| failure instanceof PermanentDeliveryException) {
			this.retrying.remove(partition);
			return null;
		}
		Retry retry = this.retrying.compute(partition, (key, known) -> (known != null && known.offset() == offset)
				? known : new Retry(offset, this.retries.start()));
		long next = retry.execution().nextBackOff();
		if (next == BackOffExecution.STOP) {
			this.retrying.remove(partition);
			return null;
		}
		return Duration.ofMillis(next);
	}

	/**
	 * The poll's writes, after its sends: the records of what was sent, then the dead
	 * letters, in the container's transaction.
	 */
	private void end(List<Notifier.Delivery> delivered, List<Failure> failures, Consumer<?, ?> consumer) {
		this.notifier.record(delivered);
		for (Failure failure : failures) {
			ConsumerRecord<?, ?> record = failure.record();
			logger.warn("Sending {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(),
					NotificationTopics.DEAD_LETTERS, failure.cause().toString());
			// Wrapped as the container wraps a listener's failure, so that the dead
			// letter's headers say what they said when the container sent it.
			this.deadLetters.accept(record, consumer, new ListenerExecutionFailedException("Listener failed",
					consumer.groupMetadata().groupId(), failure.cause()));
		}
	}

	private record Retry(long offset, BackOffExecution execution) {

	}

	private record Failure(ConsumerRecord<?, ?> record, RuntimeException cause) {

	}

}
