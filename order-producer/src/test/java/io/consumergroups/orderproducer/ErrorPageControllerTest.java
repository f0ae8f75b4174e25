package io.consumergroups.orderproducer;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /error}, where the servlet container sends the errors it reports itself.
 */
@WebMvcTest(controllers = ErrorPageController.class, properties = "spring.config.name=order-producer")
class ErrorPageControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void shouldAnswerTheContainersStatusAsProblemDetails() {
		// Given the container forwarding a TRACE request it refused

		// When
		MvcTestResult result = this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 405)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/orders")
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(405);
		assertThat(result).bodyJson().extractingPath("$.instance").isEqualTo("/orders");
	}

	@Test
	void shouldAnswerNotFoundGivenAClientAskingForTheErrorPageItself() {
		// Given a request for /error that no error led to

		// When
		MvcTestResult result = this.mvc.post().uri("/error").accept(MediaType.TEXT_HTML).exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").asNumber().isEqualTo(404);
	}

}
