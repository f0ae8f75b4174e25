package io.consumergroups.notification.config;

import java.util.List;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.SeekUtils;
import org.springframework.util.backoff.BackOff;

/**
 * A {@link DefaultAfterRollbackProcessor} that dead-letters a record and commits its
 * offset in a transaction of its own, and puts the record back when that transaction
 * fails.
 * <p>
 * Why: when the recoverer has published a record, the default processor seeks the
 * consumer past it at once, before the transaction that holds the dead letter and the
 * offset commits. If that commit fails, most often because a rebalance gave the member a
 * new generation and the offsets are fenced ({@code CommitFailedException}), the dead
 * letter is aborted, the offset is not committed, and yet the consumer's position is
 * already past the record: the next transaction on the partition commits a later offset
 * and the record is lost without a trace. Here a failed transaction seeks each partition
 * back to the first unprocessed record, the recovered one included, so it is delivered
 * again and dead-lettered again.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
class DeadLetteringAfterRollbackProcessor<K, V> extends DefaultAfterRollbackProcessor<K, V> {

	private static final LogAccessor logger = new LogAccessor(DeadLetteringAfterRollbackProcessor.class);

	private final KafkaOperations<?, ?> template;

	/**
	 * Create an instance.
	 * @param recoverer what to do with a record that failed for good
	 * @param backOff between retries of a record that may succeed later
	 * @param template the transactional template whose transaction holds the dead letter
	 * and the offset
	 */
	DeadLetteringAfterRollbackProcessor(BiConsumer<ConsumerRecord<?, ?>, Exception> recoverer, BackOff backOff,
			KafkaOperations<?, ?> template) {
		super(recoverer, backOff, template, true);
		this.template = template;
	}

	/**
	 * Not in the container's transaction: in one this processor begins, so that it learns
	 * whether that transaction committed.
	 */
	@Override
	public boolean isProcessInTransaction() {
		return false;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void process(List<ConsumerRecord<K, V>> records, Consumer<K, V> consumer, MessageListenerContainer container,
			Exception exception, boolean recoverable, EOSMode eosMode) {
		try {
			this.template.executeInTransaction((operations) -> {
				super.process(records, consumer, container, exception, recoverable, eosMode);
				return null;
			});
		}
		catch (RuntimeException ex) {
			ConsumerRecord<K, V> first = records.get(0);
			logger.warn(ex, () -> "The transaction that handled " + first.topic() + "-" + first.partition() + "@"
					+ first.offset() + " after a rollback failed; it is delivered again");
			SeekUtils.doSeeksToBegin((List) records, consumer, logger);
		}
	}

}
