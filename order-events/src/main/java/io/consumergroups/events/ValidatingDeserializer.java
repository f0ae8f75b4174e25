package io.consumergroups.events;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A deserializer that checks what it read against its Bean Validation constraints, and
 * fails with every broken rule named by its path: {@code items[0].unitPrice: must be an
 * amount of ...}. Spring's {@code ErrorHandlingDeserializer#setValidator} goes through
 * Spring's {@code Errors}, which cannot read a record's nested components by path, so for
 * a nested field it reports only "Cannot retrieve value for field" and loses the rule.
 * The rejected value is never quoted: a record near 1 MB would otherwise make a megabyte
 * of message, logged and copied into its dead letter.
 *
 * @param <T> the type read
 */
public final class ValidatingDeserializer<T> implements Deserializer<T> {

	private final Deserializer<T> delegate;

	private final Validator validator;

	/**
	 * Wrap a deserializer.
	 * @param delegate what reads the bytes
	 * @param validator what checks the result
	 */
	public ValidatingDeserializer(Deserializer<T> delegate, Validator validator) {
		this.delegate = delegate;
		this.validator = validator;
	}

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.delegate.configure(configs, isKey);
	}

	@Override
	public T deserialize(String topic, byte[] data) {
		return validate(this.delegate.deserialize(topic, data));
	}

	@Override
	public T deserialize(String topic, Headers headers, byte[] data) {
		return validate(this.delegate.deserialize(topic, headers, data));
	}

	@Override
	public T deserialize(String topic, Headers headers, ByteBuffer data) {
		return validate(this.delegate.deserialize(topic, headers, data));
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	private T validate(T value) {
		if (value == null) {
			return null;
		}
		Set<ConstraintViolation<T>> violations = this.validator.validate(value);
		if (!violations.isEmpty()) {
			// Not a ConstraintViolationException: its violations hold the value, which is
			// not serializable, and the failure travels in a record header as a
			// serialized exception.
			throw new ValidationException(describe(violations));
		}
		return value;
	}

	/**
	 * Each broken rule as {@code path: message}, sorted, so that the same record always
	 * gets the same cause.
	 * @param violations the broken rules
	 * @return one line
	 */
	static String describe(Set<? extends ConstraintViolation<?>> violations) {
		return violations.stream()
			.map((violation) -> violation.getPropertyPath() + ": " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining("; "));
	}

}
