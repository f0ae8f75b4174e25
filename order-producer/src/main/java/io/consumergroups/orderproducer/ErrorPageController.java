package io.consumergroups.orderproducer;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, {@code /error}, as problem details; it replaces
 * Spring Boot's {@code BasicErrorController}, whose answers are plain JSON.
 * <p>
 * {@link ProblemDetailsHandler} answers whatever a controller throws; what reaches this
 * page is what the container reports itself, such as a {@code TRACE} request (405), which
 * Spring MVC does not dispatch. A client asking for {@code /error} directly has asked for
 * a path that is not part of the API: 404, where Spring Boot's controller answered 500.
 */
@RestController
class ErrorPageController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatusCode status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
				&& code >= 400 && code <= 599) ? HttpStatusCode.valueOf(code) : HttpStatus.NOT_FOUND;
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setInstance(path(request));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** The path the client asked for, as problem details of the API's own errors say. */
	private static URI path(HttpServletRequest request) {
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		try {
			return new URI((original instanceof String path) ? path : request.getRequestURI());
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
