package io.consumergroups.orderproducer.order;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import io.consumergroups.orderproducer.OrdersProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

class OrderPublisherTest {

	private static final Order ORDER = new Order("order-abc-1", "customer-7", "eu-west",
			List.of(new OrderItem("sku-mouse", 1, new BigDecimal("19.99"))), new BigDecimal("19.99"), "EUR",
			Instant.parse("2025-03-01T10:15:30Z"));

	@SuppressWarnings("unchecked")
	private final KafkaTemplate<String, Order> kafkaTemplate = mock(KafkaTemplate.class);

	private final OrderPublisher publisher = new OrderPublisher(this.kafkaTemplate, properties(Duration.ofMillis(50)));

	@Test
	void shouldPublishToOrdersKeyedByCustomerAndReturnWhereItLanded() {
		// Given
		given(this.kafkaTemplate.send(Topics.ORDERS, "customer-7", ORDER)).willReturn(acknowledged(4, 17));

		// When
		PublishedOrder published = this.publisher.publish(ORDER);

		// Then
		assertThat(published).isEqualTo(new PublishedOrder("order-abc-1", 4, 17));
		then(this.kafkaTemplate).should().send(Topics.ORDERS, "customer-7", ORDER);
	}

	@Test
	void shouldFailWithNotPublishedGivenTheProducerGaveUp() {
		// Given
		NotEnoughReplicasException cause = new NotEnoughReplicasException("only 1 in sync");
		given(this.kafkaTemplate.send(Topics.ORDERS, "customer-7", ORDER))
			.willReturn(CompletableFuture.failedFuture(cause));

		// When / Then
		assertThatExceptionOfType(OrderNotPublishedException.class).isThrownBy(() -> this.publisher.publish(ORDER))
			.withCause(cause)
			.satisfies((ex) -> assertThat(ex.orderId()).isEqualTo("order-abc-1"));
	}

	@Test
	void shouldFailWithNotPublishedGivenNoAcknowledgementWithinTheTimeout() {
		// Given
		given(this.kafkaTemplate.send(Topics.ORDERS, "customer-7", ORDER)).willReturn(new CompletableFuture<>());

		// When / Then
		assertThatExceptionOfType(OrderNotPublishedException.class).isThrownBy(() -> this.publisher.publish(ORDER))
			.withCauseInstanceOf(TimeoutException.class);
	}

	@Test
	void shouldReportAnImmediateFailureThroughTheFutureGivenTheTemplateThrows() {
		// Given
		KafkaException cause = new KafkaException("Send failed");
		given(this.kafkaTemplate.send(Topics.ORDERS, "customer-7", ORDER)).willThrow(cause);

		// When
		CompletableFuture<PublishedOrder> sent = this.publisher.send(ORDER);

		// Then
		assertThat(sent).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(cause);
	}

	private static CompletableFuture<SendResult<String, Order>> acknowledged(int partition, long offset) {
		ProducerRecord<String, Order> record = new ProducerRecord<>(Topics.ORDERS, ORDER.customerId(), ORDER);
		RecordMetadata metadata = new RecordMetadata(new TopicPartition(Topics.ORDERS, partition), offset, 0, 0, 0, 0);
		return CompletableFuture.completedFuture(new SendResult<>(record, metadata));
	}

	private static OrdersProperties properties(Duration ackTimeout) {
		return new OrdersProperties(new OrdersProperties.Topic(6, null), new OrdersProperties.Publish(ackTimeout),
				new OrdersProperties.Generator(0, 500), new OrdersProperties.Api(DataSize.ofMegabytes(1)));
	}

}
