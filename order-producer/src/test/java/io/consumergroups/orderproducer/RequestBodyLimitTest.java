package io.consumergroups.orderproducer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.consumergroups.orderproducer.RequestBodyLimit.BodyTooLargeException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bound on request bodies, on bodies with and without a declared length: a chunked
 * body has none, and only a bounded read stops it.
 */
class RequestBodyLimitTest {

	private static final int LIMIT = 1000;

	private final RequestBodyLimit limit = new RequestBodyLimit(
			new OrdersProperties(null, null, null, new OrdersProperties.Api(DataSize.ofBytes(LIMIT))));

	@Test
	void shouldRefuseBeforeReadingGivenADeclaredLengthOverTheLimit() {
		// Given
		Body body = new Body(new byte[LIMIT + 1], LIMIT + 1);

		// When / Then
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> this.limit.beforeBodyRead(body, null, null, null));
		assertThat(body.opened).isFalse();
	}

	@Test
	void shouldCutOffABodyWithoutADeclaredLengthOnceItGrowsPastTheLimit() throws IOException {
		// Given
		Body body = new Body(new byte[10 * LIMIT], -1);

		// When
		InputStream bounded = this.limit.beforeBodyRead(body, null, null, null).getBody();

		// Then
		assertThatExceptionOfType(BodyTooLargeException.class).isThrownBy(bounded::readAllBytes);
	}

	@Test
	void shouldReadABodyOfExactlyTheLimit() throws IOException {
		// Given
		Body body = new Body(new byte[LIMIT], -1);

		// When
		byte[] read = this.limit.beforeBodyRead(body, null, null, null).getBody().readAllBytes();

		// Then
		assertThat(read).hasSize(LIMIT);
	}

	private static final class Body implements HttpInputMessage {

		private final byte[] bytes;

		private final HttpHeaders headers = new HttpHeaders();

		private boolean opened;

		Body(byte[] bytes, long declaredLength) {
			this.bytes = bytes;
			if (declaredLength >= 0) {
				this.headers.setContentLength(declaredLength);
			}
		}

		@Override
		public InputStream getBody() {
			this.opened = true;
			return new ByteArrayInputStream(this.bytes);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
