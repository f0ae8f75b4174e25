package io.consumergroups.archive.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the archive: where the objects go and when a batch becomes one.
 *
 * @param bucket the S3 bucket the objects are written to
 * @param batch when a partition's batch of orders is closed and written as an object
 * @param s3 how to reach S3 (or MinIO, or S3Proxy)
 * @param simulatedCommitDelay time spent between writing an object and committing its
 * offsets; zero by default, raise it to widen the crash window that the kill experiment
 * aims at (the archive resumes after the object all the same)
 */
@ConfigurationProperties("archive")
@Validated
public record ArchiveProperties(@DefaultValue("orders-archive") @NotBlank String bucket,
		@DefaultValue @Valid Batch batch, @DefaultValue @Valid S3 s3,
		@DefaultValue("0ms") Duration simulatedCommitDelay) {

	/**
	 * When a batch closes. Whichever comes first; and a batch also closes when its
	 * partition is revoked.
	 *
	 * @param maxOrders the most orders in one object
	 * @param maxAge how long the first order of a batch may wait for its object: how far
	 * the archive may lag behind a quiet partition, and at a steady rate the group's lag
	 * per partition (15 s of its orders; 50 at the demo's 20 orders/s over 6 partitions)
	 */
	public record Batch(@DefaultValue("500") @Positive @Max(100_000) int maxOrders,
			@DefaultValue("15s") Duration maxAge) {

	}

	/**
	 * The S3 endpoint and identity. The defaults are those of AWS: no endpoint override,
	 * virtual-hosted-style addressing and the SDK's default credentials chain
	 * (environment, profile, container or instance role).
	 *
	 * @param endpoint e.g. {@code http://minio:9000}; empty for AWS
	 * @param region the bucket's region; S3-compatible servers accept any
	 * @param pathStyleAccess {@code http://host/bucket/key} instead of
	 * {@code http://bucket.host/key}, as MinIO and S3Proxy need
	 * @param accessKey with {@code secretKey}, static credentials; empty for the default
	 * credentials chain
	 * @param secretKey the secret of {@code accessKey}
	 * @param createBucket create the bucket at start-up when it is missing
	 */
	public record S3(URI endpoint, @DefaultValue("us-east-1") @NotBlank String region,
			@DefaultValue("false") boolean pathStyleAccess, String accessKey, String secretKey,
			@DefaultValue("true") boolean createBucket) {

		/**
		 * Whether an endpoint other than AWS's is configured.
		 * @return true for MinIO, S3Proxy or any S3-compatible server
		 */
		public boolean hasEndpoint() {
			return this.endpoint != null && !this.endpoint.toString().isBlank();
		}

		/**
		 * Whether static credentials are configured.
		 * @return true when an access key is given
		 */
		public boolean hasStaticCredentials() {
			return this.accessKey != null && !this.accessKey.isBlank();
		}

	}

}
