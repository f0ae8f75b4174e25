package io.consumergroups.benchmarks.throughput;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What order-processor does, written as a plain kafka-clients loop: poll {@code orders},
 * decode the JSON with the same deserializer, check the order ({@link OrderCheck}),
 * publish its status, commit. The baseline of the throughput benchmark, run as its own
 * JVM with the replicas' heap until it is stopped ({@code SIGTERM}).
 * <p>
 * Consumer and producer settings are order-processor's ({@code read_committed},
 * {@code acks=all}, idempotence, 5 ms linger, a 10 s transaction timeout, at most
 * {@value #MAX_POLL_RECORDS} records per poll unless told otherwise); only the commit
 * differs by {@link Mode}.
 * <p>
 * {@code PlainOrderLoop <bootstrap-servers> <group-id> <instance-id> <mode> <status-topic> [max-poll-records]}
 */
public final class PlainOrderLoop {

	/** order-processor's {@code max-poll-records}: the same commit unit per poll. */
	static final int MAX_POLL_RECORDS = 50;

	/** order-processor's {@code retry.backoff.ms}. */
	static final int RETRY_BACKOFF_MS = 10;

	private final KafkaConsumer<String, Order> consumer;

	private final KafkaProducer<String, OrderStatus> producer;

	private final OrderCheck check;

	private final Mode mode;

	private final String statusTopic;

	private PlainOrderLoop(String bootstrapServers, String groupId, String instanceId, Mode mode, String statusTopic,
			int maxPollRecords, int retryBackoffMs) {
		Map<String, Object> consumerSettings = new HashMap<>();
		consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		consumerSettings.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId);
		consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerSettings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
		this.consumer = new KafkaConsumer<>(consumerSettings, new StringDeserializer(),
				Topics.orderSerde().deserializer());
		Map<String, Object> producerSettings = new HashMap<>();
		producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		producerSettings.put(ProducerConfig.CLIENT_ID_CONFIG, instanceId + "-producer");
		producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
		producerSettings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		// As order-processor by default: an offsets commit refused while the previous
		// transaction's markers are written is retried after 10 ms, not Kafka's 100
		producerSettings.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, retryBackoffMs);
		if (mode != Mode.AT_LEAST_ONCE) {
			producerSettings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, instanceId + "-tx");
			producerSettings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
		}
		this.producer = new KafkaProducer<>(producerSettings, new StringSerializer(),
				Topics.orderStatusSerde().serializer());
		this.check = new OrderCheck(instanceId);
		this.mode = mode;
		this.statusTopic = statusTopic;
	}

	public static void main(String[] args) {
		if (args.length < 5 || args.length > 7) {
			System.err.println("Usage: PlainOrderLoop <bootstrap-servers> <group-id> <instance-id> "
					+ "<at-least-once|eos-per-poll|eos-per-record> <status-topic> [max-poll-records] "
					+ "[retry-backoff-ms]");
			System.exit(2);
		}
		int maxPollRecords = (args.length >= 6) ? Integer.parseInt(args[5]) : MAX_POLL_RECORDS;
		int retryBackoffMs = (args.length == 7) ? Integer.parseInt(args[6]) : RETRY_BACKOFF_MS;
		PlainOrderLoop loop = new PlainOrderLoop(args[0], args[1], args[2], Mode.parse(args[3]), args[4],
				maxPollRecords, retryBackoffMs);
		Thread main = Thread.currentThread();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			loop.consumer.wakeup();
			try {
				main.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		loop.run();
	}

	private void run() {
		try {
			if (this.mode != Mode.AT_LEAST_ONCE) {
				this.producer.initTransactions();
			}
			this.consumer.subscribe(List.of(Topics.ORDERS));
			while (true) {
				ConsumerRecords<String, Order> records = this.consumer.poll(Duration.ofMillis(500));
				if (!records.isEmpty()) {
					switch (this.mode) {
						case AT_LEAST_ONCE -> processAtLeastOnce(records);
						case EOS_PER_POLL -> processInOneTransaction(records);
						case EOS_PER_RECORD -> records.forEach(this::processInItsOwnTransaction);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// Stopping
		}
		finally {
			this.consumer.close();
			this.producer.close();
		}
	}

	/** Statuses acknowledged first, offsets committed after: a crash between repeats. */
	private void processAtLeastOnce(ConsumerRecords<String, Order> records) {
		records.forEach((record) -> this.producer.send(status(record)));
		this.producer.flush();
		this.consumer.commitSync(nextOffsets(records));
	}

	/** One transaction for the statuses of a whole poll and its offsets (EOS v2). */
	private void processInOneTransaction(ConsumerRecords<String, Order> records) {
		this.producer.beginTransaction();
		records.forEach((record) -> this.producer.send(status(record)));
		this.producer.sendOffsetsToTransaction(nextOffsets(records), this.consumer.groupMetadata());
		this.producer.commitTransaction();
	}

	/** One transaction per record, as Spring Kafka's record listener container does. */
	private void processInItsOwnTransaction(ConsumerRecord<String, Order> record) {
		this.producer.beginTransaction();
		this.producer.send(status(record));
		this.producer.sendOffsetsToTransaction(Map.of(new TopicPartition(record.topic(), record.partition()),
				new OffsetAndMetadata(record.offset() + 1)), this.consumer.groupMetadata());
		this.producer.commitTransaction();
	}

	private ProducerRecord<String, OrderStatus> status(ConsumerRecord<String, Order> record) {
		OrderStatus status = this.check.process(record.key(), record.value(), record.partition(), record.offset());
		return new ProducerRecord<>(this.statusTopic, status.orderId(), status);
	}

	private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, Order> records) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<String, Order>> inPartition = records.records(partition);
			offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
		}
		return offsets;
	}

	/**
	 * When the loop commits, and so what it guarantees.
	 */
	enum Mode {

		/** Statuses flushed, then offsets committed, once per poll. */
		AT_LEAST_ONCE("at-least-once"),

		/** A transaction per poll: statuses and offsets together. */
		EOS_PER_POLL("eos-per-poll"),

		/** A transaction per record. */
		EOS_PER_RECORD("eos-per-record");

		private final String argument;

		Mode(String argument) {
			this.argument = argument;
		}

		String argument() {
			return this.argument;
		}

		static Mode parse(String argument) {
			for (Mode mode : values()) {
				if (mode.argument.equals(argument)) {
					return mode;
				}
			}
			throw new IllegalArgumentException("Unknown mode " + argument);
		}

	}

}
