package io.consumergroups.orderproducer;

import java.util.Comparator;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the HTTP API as RFC 9457 problem details
 * ({@code application/problem+json}): Spring MVC's own exceptions (malformed JSON → 400,
 * wrong content type → 415, …) through {@link ResponseEntityExceptionHandler}, and
 * invalid request bodies with the offending fields listed under {@code errors}.
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = ex.getFieldErrors()
			.stream()
			.map(InvalidField::of)
			.sorted(Comparator.comparing(InvalidField::field))
			.toList();
		ex.getBody().setProperty("errors", errors);
		return super.handleMethodArgumentNotValid(ex, headers, status, request);
	}

	/**
	 * One field of the request body that broke a constraint.
	 *
	 * @param field the field's path, e.g. {@code items[0].quantity}
	 * @param message what is wrong with it
	 */
	record InvalidField(String field, String message) {

		static InvalidField of(FieldError error) {
			return new InvalidField(error.getField(), error.getDefaultMessage());
		}

	}

}
