package io.consumergroups.archive.config;

import java.time.Duration;

import io.consumergroups.archive.archiving.ArchiveBucket;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The S3 client, from {@code archive.s3.*}: AWS by default; MinIO or S3Proxy with an
 * endpoint, path-style access and static credentials.
 */
@Configuration(proxyBeanMethods = false)
class S3Config {

	@Bean
	S3Client s3Client(ArchiveProperties properties) {
		ArchiveProperties.S3 s3 = properties.s3();
		S3ClientBuilder builder = S3Client.builder()
			.region(Region.of(s3.region()))
			.forcePathStyle(s3.pathStyleAccess())
			.credentialsProvider(credentials(s3))
			// Objects are written on the consumer thread: a call must end (and a failed
			// one be retried by the container) well within max.poll.interval.ms.
			.httpClientBuilder(Apache5HttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(5))
				.socketTimeout(Duration.ofSeconds(30)))
			.overrideConfiguration((client) -> client.apiCallTimeout(Duration.ofSeconds(60)));
		if (s3.hasEndpoint()) {
			builder.endpointOverride(s3.endpoint());
		}
		return builder.build();
	}

	@Bean
	ArchiveBucket archiveBucket(S3Client s3Client, ArchiveProperties properties) {
		ArchiveBucket bucket = new ArchiveBucket(s3Client, properties.bucket());
		if (properties.s3().createBucket()) {
			// Before the listener starts: its first look at the bucket needs the bucket.
			bucket.createIfMissing();
		}
		return bucket;
	}

	private static AwsCredentialsProvider credentials(ArchiveProperties.S3 s3) {
		if (s3.hasStaticCredentials()) {
			return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
		}
		return DefaultCredentialsProvider.builder().build();
	}

}
