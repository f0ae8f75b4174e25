package io.consumergroups.harness.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Spring Boot's health endpoint, asked over HTTP: a service is healthy once
 * {@code GET /actuator/health} succeeds.
 */
final class HealthCheck {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(REQUEST_TIMEOUT)
		.build();

	private HealthCheck() {
	}

	/**
	 * Whether the service answers its health check with a success now.
	 * @param service where it listens, {@code http://host:port}
	 * @return {@code true} on a 2xx answer; {@code false} on any other, or none
	 */
	static boolean isHealthy(URI service) {
		HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/health"))
			.timeout(REQUEST_TIMEOUT)
			.GET()
			.build();
		try {
			int status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return status >= 200 && status < 300;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + service, ex);
		}
	}

	/**
	 * Wait between two checks.
	 * @param pause how long
	 */
	static void pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a service", ex);
		}
	}

}
