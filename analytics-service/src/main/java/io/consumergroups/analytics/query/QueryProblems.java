package io.consumergroups.analytics.query;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the HTTP API as RFC 9457 problem details
 * ({@code application/problem+json}): bad parameters are a 400 naming them, a query that
 * cannot be answered completely right now a 503 with {@code Retry-After}.
 */
@RestControllerAdvice
class QueryProblems extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(QueryProblems.class);

	@ExceptionHandler
	ResponseEntity<ProblemDetail> handleUnavailable(QueryUnavailableException ex) {
		logger.info("Query unavailable: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Analytics unavailable, retry shortly");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidParameter> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new InvalidParameter(result.getMethodParameter().getParameterName(),
						error.getDefaultMessage())))
			.toList();
		ex.getBody().setProperty("errors", errors);
		return super.handleHandlerMethodValidationException(ex, headers, status, request);
	}

	/**
	 * A request parameter that broke a constraint.
	 *
	 * @param parameter its name, e.g. {@code region}
	 * @param message what is wrong with it
	 */
	record InvalidParameter(String parameter, String message) {

	}

}
