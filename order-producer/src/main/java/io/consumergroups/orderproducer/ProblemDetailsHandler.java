package io.consumergroups.orderproducer;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.consumergroups.orderproducer.RequestBodyLimit.BodyTooLargeException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the HTTP API as RFC 9457 problem details
 * ({@code application/problem+json}): Spring MVC's own exceptions (wrong content type →
 * 415, wrong method → 405, unknown path → 404, …) through
 * {@link ResponseEntityExceptionHandler}; a body that is too large → 413; a body that is
 * not JSON of the expected shape, or breaks the order contract → 400, with the offending
 * fields listed under {@code errors} where they are known.
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

	/** How much of the JSON reader's own message a problem repeats. */
	private static final int MAX_READER_MESSAGE = 200;

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

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		BodyTooLargeException tooLarge = cause(ex, BodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than " + tooLarge.maxBytes() + " bytes.");
			return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
		}
		ProblemDetail problem = createProblemDetail(ex, status, "Failed to read request", null, null, request);
		JacksonException json = cause(ex, JacksonException.class);
		if (json != null) {
			String field = path(json);
			if (field.isEmpty()) {
				problem.setDetail("The request body " + whatIsWrong(json) + ".");
			}
			else {
				problem.setDetail("A field of the request body cannot be read.");
				problem.setProperty("errors", List.of(new InvalidField(field, whatIsWrong(json))));
			}
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/**
	 * An order that passed the request's constraints but not the {@code Order}'s, such as
	 * a computed total too large for an amount: the order controller checks the record it
	 * is about to publish against the contract too.
	 */
	@ExceptionHandler
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The order breaks the order contract.");
		problem.setProperty("errors",
				ex.getConstraintViolations()
					.stream()
					.map(InvalidField::of)
					.sorted(Comparator.comparing(InvalidField::field))
					.toList());
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Problem details whatever the request's {@code Accept}: with the content type set
	 * here, Spring MVC does not negotiate it, so an {@code Accept} of {@code text/html}
	 * or an unparsable one still gets a 406 (or 400, …) with a body, not an empty answer.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		HttpHeaders problemHeaders = HttpHeaders.copyOf(headers);
		if (body instanceof ProblemDetail) {
			problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		return super.createResponseEntity(body, problemHeaders, statusCode, request);
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * The path of the field the JSON reader failed on, e.g. {@code items[0].quantity}.
	 */
	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String whatIsWrong(JacksonException ex) {
		if (ex instanceof MismatchedInputException mismatch) {
			return "must be " + expected(mismatch.getTargetType());
		}
		if (ex instanceof InputCoercionException) {
			return "is a number out of range";
		}
		if (ex instanceof StreamConstraintsException) {
			return "exceeds a limit of the JSON reader: " + readerMessage(ex);
		}
		if (ex instanceof StreamReadException) {
			return "is not well-formed JSON: " + readerMessage(ex);
		}
		return "cannot be read";
	}

	private static String readerMessage(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage());
		return (message.length() > MAX_READER_MESSAGE) ? message.substring(0, MAX_READER_MESSAGE) + "…" : message;
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole JSON number";
		}
		if (Number.class.isAssignableFrom(type)) {
			return "a JSON number";
		}
		if (type == String.class) {
			return "a JSON string";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "a JSON array";
		}
		return "a JSON object";
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

		static InvalidField of(ConstraintViolation<?> violation) {
			return new InvalidField(violation.getPropertyPath().toString(), violation.getMessage());
		}

	}

}
