package io.consumergroups.orderproducer.generator;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

@WebMvcTest(controllers = GeneratorController.class, properties = "spring.config.name=order-producer")
class GeneratorControllerTest {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private LoadGenerator loadGenerator;

	@Test
	void shouldReturnTheCurrentRate() {
		// Given
		given(this.loadGenerator.rate()).willReturn(25);

		// When
		MvcTestResult result = this.mvc.get().uri("/generator").exchange();

		// Then
		assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("{\"rate\": 25}");
	}

	@Test
	void shouldChangeTheRateGivenOneWithinRange() {
		// Given
		given(this.loadGenerator.rate()).willReturn(250);

		// When
		MvcTestResult result = this.mvc.put()
			.uri("/generator")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"rate\": 250}")
			.exchange();

		// Then
		assertThat(result).hasStatusOk().bodyJson().isLenientlyEqualTo("{\"rate\": 250}");
		then(this.loadGenerator).should().setRate(250);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidRates")
	void shouldAnswerBadRequestAndKeepTheRateGivenAnInvalidOne(String body, String expectedErrorField) {
		// Given an invalid body

		// When
		MvcTestResult result = this.mvc.put()
			.uri("/generator")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (expectedErrorField != null) {
			assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(expectedErrorField);
		}
		then(this.loadGenerator).should(never()).setRate(anyInt());
	}

	static Stream<Arguments> invalidRates() {
		return Stream.of(Arguments.of("{\"rate\": -1}", "rate"), Arguments.of("{\"rate\": 10001}", "rate"),
				Arguments.of("{}", "rate"), Arguments.of("{\"rate\": \"fast\"}", "rate"),
				Arguments.of("{\"rate\": \"5\"}", "rate"), Arguments.of("{\"rate\": 2.5}", "rate"),
				Arguments.of("{\"rate\": 5.0}", "rate"), Arguments.of("{\"rate\": 1e999999999}", "rate"),
				Arguments.of("{\"rate\": 1E+2147483647}", "rate"), Arguments.of("{\"rate\": 2147483648}", "rate"),
				Arguments.of("{\"rate\": -2147483649}", "rate"), Arguments.of("{\"rate\": true}", "rate"),
				Arguments.of("{\"rate\": null}", "rate"), Arguments.of("{\"rate\": 1, \"rate\": 2}", null),
				Arguments.of("{\"rate\": 1} x", null), Arguments.of("", null), Arguments.of("[]", null));
	}

	@Test
	void shouldAnswerNotAcceptableAndKeepTheRateGivenAnAcceptOtherThanJson() {
		// Given a client that does not take JSON

		// When
		MvcTestResult result = this.mvc.put()
			.uri("/generator")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_HTML)
			.content("{\"rate\": 250}")
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.NOT_ACCEPTABLE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.loadGenerator).should(never()).setRate(anyInt());
	}

	@Test
	void shouldAnswerContentTooLargeAndKeepTheRateGivenABodyOverTheLimit() {
		// Given a valid rate padded past 1 MiB
		String body = "{\"rate\": 250" + " ".repeat(1024 * 1024) + "}";

		// When
		MvcTestResult result = this.mvc.put()
			.uri("/generator")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		// Then
		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.loadGenerator).should(never()).setRate(anyInt());
	}

}
