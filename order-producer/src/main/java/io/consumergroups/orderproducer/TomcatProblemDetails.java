package io.consumergroups.orderproducer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own error answers as problem details. A request Tomcat refuses before any
 * servlet sees it, such as a path with an encoded slash, a NUL or a dot segment above the
 * root, is answered by the host's error report valve: an HTML page by default, and this
 * valve's {@code application/problem+json} here. Errors that do reach the application are
 * answered by {@link ProblemDetailsHandler} and {@link ErrorPageController}; this valve
 * then finds the body written and leaves it alone.
 */
@Component
class TomcatProblemDetails implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Pipeline pipeline = context.getParent().getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new ProblemDetailsReportValve());
			// Else the host adds its default valve at startup, finding none of its class.
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemDetailsReportValve.class.getName());
			}
		});
	}

	/**
	 * After Spring Boot's Tomcat customizer, which adds an {@link ErrorReportValve} of
	 * its own that this one replaces.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** Writes a bare problem detail: the status and its reason phrase. */
	static final class ProblemDetailsReportValve extends ErrorReportValve {

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			HttpStatus known = HttpStatus.resolve(status);
			String title = (known != null) ? known.getReasonPhrase() : "Error";
			try {
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				PrintWriter writer = response.getReporter();
				if (writer != null) {
					writer.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}");
					response.finishResponse();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The connection is gone or the response committed: nothing left to tell.
			}
		}

	}

}
