package io.consumergroups.orderprocessor.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Kafka's "Transaction rolled back" ERROR line is left out when a rebalance caused
 * the rollback, and kept for every other cause and every other line.
 */
class ExpectedRollbackLogFilterTest {

	/** As the listener container logs: through commons-logging, named after the class. */
	private final LogAccessor container = new LogAccessor(KafkaMessageListenerContainer.class);

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final ExpectedRollbackLogFilter filter = new ExpectedRollbackLogFilter();

	@BeforeEach
	void setUp() {
		this.logged.start();
		containerLogger().addAppender(this.logged);
		this.filter.afterPropertiesSet();
	}

	@AfterEach
	void tearDown() {
		this.filter.destroy();
		containerLogger().detachAppender(this.logged);
	}

	@Test
	void shouldLeaveOutARollbackThatARebalanceCaused() {
		this.container.error(new KafkaException("Commit failed", new CommitFailedException("fenced")),
				"Transaction rolled back");
		this.container.error(new RebalanceInProgressException("rebalancing"), "Transaction rolled back");

		assertThat(this.logged.list).isEmpty();
	}

	@Test
	void shouldKeepEveryOtherRollbackAndEveryOtherLine() {
		this.container.error(new KafkaException("Send failed", new TimeoutException("no broker")),
				"Transaction rolled back");
		this.container.error(new CommitFailedException("fenced"), "Something else");
		LoggerFactory.getLogger("some.other.Logger").error("Transaction rolled back", new CommitFailedException("x"));

		assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.containsExactly("Transaction rolled back", "Something else");
	}

	@Test
	void shouldLogEveryRollbackOnceRemoved() {
		this.filter.destroy();

		this.container.error(new CommitFailedException("fenced"), "Transaction rolled back");

		assertThat(this.logged.list).hasSize(1);
	}

	private static Logger containerLogger() {
		return (Logger) LoggerFactory.getLogger(KafkaMessageListenerContainer.class);
	}

}
