package io.consumergroups.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.consumergroups.harness.process.JvmProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads what a service says about itself over HTTP: {@code GET /assignment},
 * {@code /generator}, {@code /actuator/metrics/...}.
 */
final class ServiceJson {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Reads a path of a service.
	 * @param service the service
	 * @param path e.g. {@code /assignment}
	 * @return the answer, empty if the service is not running, does not answer in time or
	 * answers other than 200
	 */
	Optional<JsonNode> get(JvmProcess service, String path) {
		if (!service.isAlive()) {
			return Optional.empty();
		}
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + path)).timeout(TIMEOUT).build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Optional.of(this.json.readTree(response.body())) : Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

}
