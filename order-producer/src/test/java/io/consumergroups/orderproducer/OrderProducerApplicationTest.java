package io.consumergroups.orderproducer;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.consumergroups.events.Order;
import io.consumergroups.events.OrderItem;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application started the way {@code main} starts it, to check what only the whole
 * context shows: that {@code order-producer.yml} is the file read, and what the producer
 * and the topics are configured with. Nothing here talks to a broker: topic creation is
 * switched off and nothing is sent.
 */
class OrderProducerApplicationTest {

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void startLikeMain() {
		context = OrderProducerApplication.application()
			.run("--server.port=0", "--spring.kafka.admin.auto-create=false");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void shouldBindOrdersPropertiesFromOrderProducerYml() {
		// Given the application started like main

		// When
		OrdersProperties properties = context.getBean(OrdersProperties.class);

		// Then
		assertThat(properties.topic().partitions()).isEqualTo(6);
		assertThat(properties.topic().replicationFactor()).isNull();
		assertThat(properties.publish().ackTimeout()).isEqualTo(Duration.ofSeconds(12));
		assertThat(properties.generator().rate()).isZero();
		assertThat(properties.generator().customers()).isEqualTo(500);
		assertThat(context.getEnvironment().getProperty("spring.application.name")).isEqualTo("order-producer");
	}

	@Test
	void shouldConfigureAnIdempotentProducerThatWaitsForAllReplicas() {
		// Given
		ProducerFactory<?, ?> producerFactory = context.getBean(ProducerFactory.class);

		// When
		Map<String, Object> config = producerFactory.getConfigurationProperties();

		// Then
		assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
			.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "order-producer")
			.containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("localhost:9092"))
			.containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
	}

	@Test
	void shouldWritePlainJsonThatTheSharedSerdeReads() {
		// Given the value serializer as the producer configures it
		Map<String, Object> config = context.getBean(ProducerFactory.class).getConfigurationProperties();
		@SuppressWarnings("unchecked")
		Serializer<Order> serializer = BeanUtils
			.instantiateClass((Class<Serializer<Order>>) config.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));
		serializer.configure(config, false);
		Order order = new Order("order-abc-1", "customer-7", "eu-west",
				List.of(new OrderItem("sku-mouse", 2, new BigDecimal("19.99"))), new BigDecimal("39.98"), "EUR",
				Instant.parse("2025-03-01T10:15:30Z"));
		RecordHeaders headers = new RecordHeaders();

		// When
		byte[] json = serializer.serialize(Topics.ORDERS, headers, order);

		// Then
		assertThat(headers.toArray()).isEmpty();
		assertThat(Topics.orderSerde().deserializer().deserialize(Topics.ORDERS, json)).isEqualTo(order);
	}

	@Test
	void shouldDeclareOrdersOnly() {
		// Given the application started like main

		// When
		Map<String, NewTopic> topics = context.getBeansOfType(NewTopic.class);

		// Then
		assertThat(topics.values()).extracting(NewTopic::name).containsExactly(Topics.ORDERS);
		assertThat(topics.values()).allSatisfy((topic) -> {
			assertThat(topic.numPartitions()).isEqualTo(6);
			assertThat(topic.replicationFactor()).isEqualTo((short) -1);
		});
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "GET, /a%2Fb, 400", "POST, /%2e%2e/orders, 400", "GET, /orders%00, 400", "TRACE, /orders, 405",
			"GET, /error, 404" })
	void shouldAnswerWhatTomcatRefusesItselfWithProblemDetails(String method, String path, int status)
			throws IOException, InterruptedException {
		// Given a request Tomcat refuses before, or instead of, Spring MVC
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();

		// When
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());

		// Then
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE));
		assertThat(response.body()).contains("\"status\":" + status);
	}

	@Test
	void shouldExposeGeneratorMetricsToPrometheus() throws IOException, InterruptedException {
		// Given
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();

		// When
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());

		// Then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("orders_generator_rate{application=\"order-producer\"} 0.0");
	}

}
