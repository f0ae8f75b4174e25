package io.consumergroups.orderproducer;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The order producer's own settings, under {@code orders.*} in
 * {@code order-producer.yml}. Kafka client settings are not here: they are Spring Boot's,
 * under {@code spring.kafka.*}.
 *
 * @param topic how the {@code orders} topic is created when missing
 * @param publish how {@code POST /orders} waits for the broker
 * @param generator the load generator's settings at startup
 * @param api limits of the HTTP API
 */
@Validated
@ConfigurationProperties("orders")
public record OrdersProperties(@Valid @DefaultValue Topic topic, @Valid @DefaultValue Publish publish,
		@Valid @DefaultValue Generator generator, @Valid @DefaultValue Api api) {

	/**
	 * The {@code orders} topic and its dead-letter topic, created with these settings
	 * when they do not exist yet. Existing topics keep their replication; a larger
	 * partition count is applied to them (which moves customers to other partitions from
	 * then on).
	 *
	 * @param partitions how many partitions: the upper bound of useful consumers in one
	 * group
	 * @param replicationFactor how many copies of each partition; unset means the
	 * broker's {@code default.replication.factor}
	 */
	public record Topic(@DefaultValue("6") @Min(1) int partitions, @Min(1) Integer replicationFactor) {

	}

	/**
	 * @param ackTimeout how long {@code POST /orders} waits for the broker's
	 * acknowledgement before answering 503; longer than the producer's
	 * {@code delivery.timeout.ms}, so that a 503 means the producer gave up rather than
	 * "still trying"
	 */
	public record Publish(@DefaultValue("12s") Duration ackTimeout) {

	}

	/**
	 * @param rate orders per second at startup, 0 (off) to 10000; changed at runtime with
	 * {@code PUT /generator}
	 * @param customers how many customers the generated orders come from
	 * ({@code customer-1} to {@code customer-<customers>}): a few hot keys or many cold
	 * ones
	 */
	public record Generator(@DefaultValue("0") @Min(0) @Max(10_000) int rate,
			@DefaultValue("500") @Min(1) int customers) {

	}

	/**
	 * @param maxBodySize the largest request body the API reads; a larger one is answered
	 * {@code 413}. An order at the contract's limits (100 lines of 64-character SKUs) is
	 * about 15 KB, so 1 MB leaves room for any formatting while bounding what one request
	 * costs
	 */
	public record Api(@DefaultValue("1MB") DataSize maxBodySize) {

	}

}
