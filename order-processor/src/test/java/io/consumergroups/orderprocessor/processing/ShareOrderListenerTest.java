package io.consumergroups.orderprocessor.processing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import io.consumergroups.orderprocessor.config.ProcessorProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.ShareAcknowledgment;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ShareOrderListenerTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final ProcessorProperties properties = new ProcessorProperties("order-processor-3",
			new ProcessorProperties.Group(ProcessorProperties.GroupType.SHARE,
					ProcessorProperties.GroupProtocol.CLASSIC, ProcessorProperties.Assignor.COOPERATIVE_STICKY, true,
					Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5), "order-processors-share",
					Duration.ofSeconds(5)),
			false, Set.of("EUR"), new BigDecimal("1000"), Duration.ZERO, Duration.ofSeconds(1));

	@SuppressWarnings("unchecked")
	private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);

	private final List<ConsumerRecord<?, ?>> deadLetters = new ArrayList<>();

	private final RecordingAcknowledgment acknowledgment = new RecordingAcknowledgment();

	private RuntimeException deadLetterFailure;

	private final ShareOrderListener listener = new ShareOrderListener(new OrderProcessor(this.properties,
			new OrderRules(this.properties), Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry()), this.kafka,
			(record, exception) -> {
				if (this.deadLetterFailure != null) {
					throw this.deadLetterFailure;
				}
				this.deadLetters.add(record);
			}, new ShareGroupMembers("order-processor-3"));

	@Test
	void shouldAcceptAnOrderOnlyOnceItsStatusIsAcknowledged() {
		CompletableFuture<SendResult<String, Object>> send = new CompletableFuture<>();
		given(this.kafka.send(eq(Topics.ORDER_STATUS), eq("order-17"), any())).willReturn(send);

		this.listener.onOrder(record("customer-1", order(), 2), this.acknowledgment, null);
		assertThat(this.acknowledgment.outcomes).isEmpty();
		send.complete(null);

		assertThat(this.acknowledgment.outcomes).containsExactly("ACCEPT");
	}

	@Test
	void shouldSayWhichDeliveryTheStatusIsOf() {
		given(this.kafka.send(eq(Topics.ORDER_STATUS), eq("order-17"), any()))
			.willReturn(CompletableFuture.completedFuture(null));

		this.listener.onOrder(record("customer-1", order(), 2), this.acknowledgment, null);

		verify(this.kafka).send(Topics.ORDER_STATUS, "order-17", new OrderStatus("order-17", "customer-1",
				OrderStatus.Status.ACCEPTED, null, "order-processor-3", 4, 40, NOW, 2));
	}

	@Test
	void shouldReleaseAnOrderWhoseStatusWasNotWritten() {
		given(this.kafka.send(eq(Topics.ORDER_STATUS), eq("order-17"), any()))
			.willReturn(CompletableFuture.failedFuture(new TimeoutException("no leader")));

		this.listener.onOrder(record("customer-1", order(), 1), this.acknowledgment, null);

		assertThat(this.acknowledgment.outcomes).containsExactly("RELEASE");
		assertThat(this.deadLetters).isEmpty();
	}

	@Test
	void shouldDeadLetterAndRejectARecordThatFailedTheContract() {
		RecordHeaders headers = new RecordHeaders();
		Order value = Topics
			.validatingOrderDeserializer(
					new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()))
			.deserialize(Topics.ORDERS, headers, "{\"orderId\":".getBytes(StandardCharsets.UTF_8));
		ConsumerRecord<String, Order> malformed = record("customer-1", value, 1);
		headers.forEach(malformed.headers()::add);

		this.listener.onOrder(malformed, this.acknowledgment, null);

		assertThat(this.deadLetters).containsExactly(malformed);
		assertThat(this.acknowledgment.outcomes).containsExactly("REJECT");
		verify(this.kafka, never()).send(eq(Topics.ORDER_STATUS), any(), any());
	}

	@Test
	void shouldDeadLetterAndRejectAnOrderNotKeyedByItsCustomer() {
		ConsumerRecord<String, Order> record = record("customer-2", order(), 1);

		this.listener.onOrder(record, this.acknowledgment, null);

		assertThat(this.deadLetters).containsExactly(record);
		assertThat(this.acknowledgment.outcomes).containsExactly("REJECT");
	}

	@Test
	void shouldReleaseARecordWhoseDeadLetterWasNotWritten() {
		this.deadLetterFailure = new IllegalStateException("dead letter not acknowledged");

		this.listener.onOrder(record("customer-2", order(), 1), this.acknowledgment, null);

		assertThat(this.acknowledgment.outcomes).containsExactly("RELEASE");
	}

	private static ConsumerRecord<String, Order> record(String key, Order order, int deliveryCount) {
		return new ConsumerRecord<>(Topics.ORDERS, 4, 40, 0L, TimestampType.CREATE_TIME, 0, 0, key, order,
				new RecordHeaders(), Optional.empty(), Optional.of((short) deliveryCount));
	}

	private static Order order() {
		return new Order("order-17", "customer-1", "eu-west",
				List.of(new OrderItem("sku-1", 2, new BigDecimal("9.95"))), new BigDecimal("19.90"), "EUR", NOW);
	}

	private static final class RecordingAcknowledgment implements ShareAcknowledgment {

		private final List<String> outcomes = new ArrayList<>();

		@Override
		public void acknowledge() {
			this.outcomes.add("ACCEPT");
		}

		@Override
		public void release() {
			this.outcomes.add("RELEASE");
		}

		@Override
		public void reject() {
			this.outcomes.add("REJECT");
		}

		@Override
		public void renew() {
			this.outcomes.add("RENEW");
		}

	}

}
