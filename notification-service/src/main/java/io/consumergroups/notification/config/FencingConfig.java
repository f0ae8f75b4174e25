package io.consumergroups.notification.config;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * A fenced transactional producer stops the replica. Kafka fences it when a transaction
 * outlives {@code transaction.timeout.ms} or another process takes its transactional id,
 * and does not say which; the listener container cannot roll such a transaction back and
 * seek, so were it to go on polling it would commit offsets past the aborted records. It
 * stops instead, and so does the replica: restarted, it resumes from the group's
 * committed offsets.
 */
@Configuration(proxyBeanMethods = false)
class FencingConfig {

	private static final Logger logger = LoggerFactory.getLogger(FencingConfig.class);

	private final ConfigurableApplicationContext context;

	private final String instanceId;

	private final AtomicBoolean stopping = new AtomicBoolean();

	FencingConfig(ConfigurableApplicationContext context, NotificationProperties properties) {
		this.context = context;
		this.instanceId = properties.instanceId();
	}

	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> stopWhenFenced() {
		return (container) -> container.getContainerProperties().setStopContainerWhenFenced(true);
	}

	@EventListener
	void onConsumerStopped(ConsumerStoppedEvent event) {
		if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED && this.stopping.compareAndSet(false, true)) {
			logger.error("A consumer of {} was fenced: a transaction took longer than transaction.timeout.ms, or "
					+ "another process uses this replica's instance id. The replica stops; restarted, it resumes "
					+ "from the group's committed offsets.", this.instanceId);
			// Not on the consumer thread that published the event: closing waits for it.
			new Thread(this.context::close, "fenced-shutdown").start();
		}
	}

}
