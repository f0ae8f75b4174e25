package io.consumergroups.notification.channel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.consumergroups.notification.TestProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.HttpServerErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The webhook channel against a real HTTP server on a free port, answering as scripted.
 */
class WebhookChannelTest {

	/** A request the server never answers, until the test ends. */
	private static final int NO_ANSWER = -1;

	private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

	private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

	private final CountDownLatch testEnded = new CountDownLatch(1);

	private final ExecutorService handlers = Executors.newCachedThreadPool();

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/hook", this::answer);
		this.server.setExecutor(this.handlers);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.testEnded.countDown();
		this.server.stop(0);
		this.handlers.shutdownNow();
	}

	@Test
	void shouldPostTheNotificationAsJsonWithItsIdAsIdempotencyKey() {
		// Given
		WebhookChannel channel = channel(Duration.ofSeconds(2));

		// When
		channel.send(Notifications.confirmation("order-17"));

		// Then
		assertThat(this.requests).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.idempotencyKey()).isEqualTo("order-17:confirmation");
			assertThat(request.contentType()).startsWith("application/json");
			assertThat(request.body()).contains("\"id\":\"order-17:confirmation\"")
				.contains("\"kind\":\"CONFIRMATION\"")
				.contains("\"audience\":\"CUSTOMER\"")
				.contains("\"total\":19.90");
		});
	}

	@Test
	void shouldRetryServerErrorsWithTheSameKeyUntilDelivered() {
		// Given
		this.answers.addAll(List.of(503, 500, 200));
		WebhookChannel channel = channel(Duration.ofSeconds(2));

		// When
		channel.send(Notifications.confirmation("order-18"));

		// Then
		assertThat(this.requests).hasSize(3).extracting(Request::idempotencyKey).containsOnly("order-18:confirmation");
	}

	@Test
	void shouldRetryTooManyRequestsAndRequestTimeout() {
		// Given
		this.answers.addAll(List.of(429, 408, 204));
		WebhookChannel channel = channel(Duration.ofSeconds(2));

		// When
		channel.send(Notifications.confirmation("order-19"));

		// Then
		assertThat(this.requests).hasSize(3);
	}

	@Test
	void shouldRetryWhenTheReceiverDoesNotAnswerInTime() {
		// Given
		this.answers.addAll(List.of(NO_ANSWER, 200));
		WebhookChannel channel = channel(Duration.ofMillis(300));

		// When
		channel.send(Notifications.highTotalAlert("order-20"));

		// Then
		assertThat(this.requests).hasSize(2).extracting(Request::idempotencyKey).containsOnly("order-20:high-total");
	}

	@Test
	void shouldGiveUpAfterTheLastRetryAndLeaveTheFailureTransient() {
		// Given
		this.answers.addAll(List.of(503, 503, 503, 503, 503));
		WebhookChannel channel = channel(Duration.ofSeconds(2));

		// When / Then
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> channel.send(Notifications.confirmation("order-21")))
			.isNotInstanceOf(PermanentDeliveryException.class);
		assertThat(this.requests).as("the first attempt and 3 retries").hasSize(4);
	}

	@Test
	void shouldTakeAClientErrorAsPermanentWithoutRetrying() {
		// Given
		this.answers.addAll(List.of(400, 200));
		WebhookChannel channel = channel(Duration.ofSeconds(2));

		// When / Then
		assertThatExceptionOfType(PermanentDeliveryException.class)
			.isThrownBy(() -> channel.send(Notifications.confirmation("order-22")))
			.withMessageContaining("order-22:confirmation")
			.withMessageContaining("400");
		assertThat(this.requests).hasSize(1);
	}

	private WebhookChannel channel(Duration readTimeout) {
		URI url = URI.create("http://localhost:" + this.server.getAddress().getPort() + "/hook");
		return new WebhookChannel(TestProperties.webhook(url, readTimeout));
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.requests
				.add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
						exchange.getRequestHeaders().getFirst("Content-Type"), body));
			Integer status = this.answers.poll();
			if (status != null && status == NO_ANSWER) {
				awaitTestEnd();
				return;
			}
			exchange.sendResponseHeaders((status != null) ? status : 200, -1);
		}
	}

	private void awaitTestEnd() {
		try {
			this.testEnded.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Request(String method, String idempotencyKey, String contentType, String body) {

	}

}
