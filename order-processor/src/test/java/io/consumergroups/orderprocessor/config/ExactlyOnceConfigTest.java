package io.consumergroups.orderprocessor.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.transaction.KafkaAwareTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code orders.processor.exactly-once} wires the producers and the listener
 * container, as Spring Boot builds them (no broker is needed to build them).
 */
@ExtendWith(OutputCaptureExtension.class)
class ExactlyOnceConfigTest {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
		.withUserConfiguration(Properties.class, ExactlyOnceConfig.class, ErrorHandlingConfig.class)
		.withPropertyValues("orders.processor.instance-id=order-processor-3");

	@Test
	void shouldRunEachPollInATransactionOfItsReplicaByDefault() {
		this.contexts.run((context) -> {
			ProducerFactory<?, ?> producers = context.getBean(ProducerFactory.class);
			assertThat(producers.transactionCapable()).isTrue();
			assertThat(producers.getTransactionIdPrefix()).isEqualTo("order-processor-3-tx-");
			assertThat(transactionManagerOfTheContainers(context)).isNotNull();
			assertThat(context).hasSingleBean(AfterRollbackProcessor.class).doesNotHaveBean(CommonErrorHandler.class);
		});
	}

	@Test
	void shouldCommitOffsetsWithoutTransactionsAndRetryFailedPollsWhenAtLeastOnce() {
		this.contexts.withPropertyValues("orders.processor.exactly-once=false").run((context) -> {
			ProducerFactory<?, ?> producers = context.getBean(ProducerFactory.class);
			assertThat(producers.transactionCapable()).isFalse();
			assertThat(context).doesNotHaveBean(KafkaAwareTransactionManager.class);
			assertThat(transactionManagerOfTheContainers(context)).isNull();
			assertThat(context).hasSingleBean(CommonErrorHandler.class).doesNotHaveBean(AfterRollbackProcessor.class);
		});
	}

	@Test
	void shouldWarnWhenATransactionCanOutliveTheSession(CapturedOutput output) {
		this.contexts
			.withPropertyValues("orders.processor.group.session-timeout=6s",
					"spring.kafka.producer.properties.transaction.timeout.ms=10000")
			.run((context) -> assertThat(output).contains("transaction.timeout.ms (10000 ms) is longer than "
					+ "orders.processor.group.session-timeout (6000 ms)"));
	}

	@Test
	void shouldNotWarnWhenTransactionsEndWithinTheSession(CapturedOutput output) {
		this.contexts
			.withPropertyValues("orders.processor.group.session-timeout=10s",
					"spring.kafka.producer.properties.transaction.timeout.ms=10000")
			.run((context) -> assertThat(output).doesNotContain("transaction.timeout.ms ("));
	}

	@Test
	void shouldTakeKafkasDefaultTransactionTimeoutWhenNoneIsSet() {
		assertThat(ExactlyOnceConfig.transactionTimeout(Map.of())).isEqualTo(Duration.ofMinutes(1));
		assertThat(ExactlyOnceConfig.transactionTimeout(Map.of("transaction.timeout.ms", 6000)))
			.isEqualTo(Duration.ofSeconds(6));
	}

	private static KafkaAwareTransactionManager<?, ?> transactionManagerOfTheContainers(ApplicationContext context) {
		return context.getBean(ConcurrentKafkaListenerContainerFactory.class)
			.getContainerProperties()
			.getKafkaAwareTransactionManager();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ProcessorProperties.class)
	static class Properties {

	}

}
