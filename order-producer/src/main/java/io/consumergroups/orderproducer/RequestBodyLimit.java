package io.consumergroups.orderproducer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Bounds every request body the API reads to {@code orders.api.max-body-size}: a body
 * whose {@code Content-Length} says it is larger is refused before a byte of it is read,
 * and one sent without a length (chunked) is cut off as soon as it grows past the limit.
 * Either way {@link ProblemDetailsHandler} answers {@code 413}.
 * <p>
 * Tomcat's own limits do not cover this: {@code server.tomcat.max-http-form-post-size}
 * applies to form parameters only, and {@code max-swallow-size} to a body nobody reads.
 * Bounding the stream Jackson reads from, rather than buffering the body in a filter,
 * keeps one request's cost at the limit without holding a copy of it.
 */
@ControllerAdvice
class RequestBodyLimit extends RequestBodyAdviceAdapter {

	private final long maxBytes;

	RequestBodyLimit(OrdersProperties properties) {
		this.maxBytes = properties.api().maxBodySize().toBytes();
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		if (input.getHeaders().getContentLength() > this.maxBytes) {
			throw new BodyTooLargeException(this.maxBytes);
		}
		InputStream body = new BoundedInputStream(input.getBody(), this.maxBytes);
		HttpHeaders headers = input.getHeaders();
		return new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return body;
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

	/**
	 * A request body over the limit. An {@link IOException}, as any failure of the stream
	 * a message converter reads: Spring MVC then reports it as the cause of an
	 * {@code HttpMessageNotReadableException}.
	 */
	static final class BodyTooLargeException extends IOException {

		private final long maxBytes;

		BodyTooLargeException(long maxBytes) {
			super("The request body is larger than " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		long maxBytes() {
			return this.maxBytes;
		}

	}

	/** A stream that fails once more than {@code maxBytes} were read from it. */
	private static final class BoundedInputStream extends FilterInputStream {

		private final long maxBytes;

		private long read;

		BoundedInputStream(InputStream in, long maxBytes) {
			super(in);
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			count(skipped);
			return skipped;
		}

		private void count(long bytes) throws BodyTooLargeException {
			this.read += bytes;
			if (this.read > this.maxBytes) {
				throw new BodyTooLargeException(this.maxBytes);
			}
		}

	}

}
