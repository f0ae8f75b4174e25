package io.consumergroups.orderprocessor.config;

import java.time.Duration;
import java.util.Map;

import io.consumergroups.events.logging.ExpectedProduceRetryLogFilter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.transaction.KafkaTransactionManager;

/**
 * Exactly-once, the default: the container runs each poll in a Kafka transaction that
 * publishes its statuses and dead letters and commits its offsets (EOS v2). What Spring
 * Boot does for {@code spring.kafka.producer.transaction-id-prefix}, done here instead,
 * because Boot cannot turn transactions off again once YAML sets a prefix: with
 * {@code orders.processor.exactly-once=false} neither bean exists, and the replica runs
 * at-least-once (see {@code OrderListener} and {@code ErrorHandlingConfig}). A share
 * group has no transactional acknowledgement (KIP-932), so a member of one runs
 * at-least-once whatever {@code exactly-once} says, with an idempotent producer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "orders.processor.exactly-once", matchIfMissing = true)
@ConditionalOnProperty(name = "orders.processor.group.type", havingValue = "consumer", matchIfMissing = true)
class ExactlyOnceConfig {

	private static final Logger logger = LoggerFactory.getLogger(ExactlyOnceConfig.class);

	/**
	 * Transactional producers, their ids prefixed with the replica's name: unique per
	 * replica, and stable across its restarts, so a restarted replica fences the producer
	 * of its previous life and aborts that life's open transaction. Says so when a
	 * transaction may outlive the session, which would hold a failover back.
	 * @param properties the replica's settings
	 * @return the customizer
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer transactionalProducers(ProcessorProperties properties) {
		return (factory) -> {
			factory.setTransactionIdPrefix(properties.instanceId() + "-tx-");
			Duration transactionTimeout = transactionTimeout(factory.getConfigurationProperties());
			long sessionMillis = properties.group().sessionTimeout().toMillis();
			if (transactionTimeout.toMillis() > sessionMillis) {
				logger.warn(
						"transaction.timeout.ms ({} ms) is longer than orders.processor.group.session-timeout "
								+ "({} ms): a replica killed inside a transaction holds its partitions until the "
								+ "transaction times out, not the session; set spring.kafka.producer.properties."
								+ "transaction.timeout.ms to at most {}",
						transactionTimeout.toMillis(), sessionMillis, sessionMillis);
			}
		};
	}

	/**
	 * The listener container's transactions: Boot gives it to the container factory.
	 * @param producerFactory the transactional producer factory
	 * @return the transaction manager
	 */
	@Bean
	KafkaTransactionManager<?, ?> kafkaTransactionManager(ProducerFactory<?, ?> producerFactory) {
		return new KafkaTransactionManager<>(producerFactory);
	}

	/**
	 * Under load a poll's statuses are often refused while the previous transaction's
	 * markers are written, and retried, which the producer logs at WARN, one line per
	 * partition of {@code order-status}: those retries go to DEBUG.
	 * @return the log filter
	 */
	@Bean
	ExpectedProduceRetryLogFilter expectedProduceRetryLogFilter() {
		return new ExpectedProduceRetryLogFilter();
	}

	/**
	 * How long the brokers let one of the producers' transactions stay open.
	 * @param producerConfigs the producers' configuration
	 * @return {@code transaction.timeout.ms}, or Kafka's default
	 */
	static Duration transactionTimeout(Map<String, Object> producerConfigs) {
		Object configured = producerConfigs.getOrDefault(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
				ProducerConfig.configDef().defaultValues().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
		return Duration.ofMillis(Long.parseLong(String.valueOf(configured).trim()));
	}

}
