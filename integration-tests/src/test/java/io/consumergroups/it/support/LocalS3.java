package io.consumergroups.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A real S3 API for one test class: S3Proxy with its filesystem backend, as its own
 * process on a free port, storing under {@code target/local-s3-*}. The jar is the
 * self-contained one S3Proxy publishes, which the archive-service build copies to
 * {@code archive-service/target/local-s3/s3proxy.jar}; run {@code ./mvnw install -pl
 * archive-service} first. Its output goes to {@code target/processes/s3proxy.log}.
 * <p>
 * Register it with {@code @RegisterExtension static final LocalS3 s3 = new LocalS3();};
 * it reads what the archive wrote with the AWS SDK, independently of the service.
 */
public final class LocalS3 implements BeforeAllCallback, AfterAllCallback {

	public static final String IDENTITY = "local-identity";

	public static final String CREDENTIAL = "local-credential";

	private static final Logger logger = LoggerFactory.getLogger(LocalS3.class);

	private static final Path MODULE = Paths.get(System.getProperty("user.dir"));

	private Process process;

	private Path storage;

	private URI endpoint;

	private S3Client client;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		Path jar = MODULE.getParent().resolve("archive-service/target/local-s3/s3proxy.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException(jar + " is missing: run ./mvnw install -pl archive-service");
		}
		this.storage = Files.createTempDirectory(Files.createDirectories(MODULE.resolve("target")), "local-s3-");
		this.endpoint = URI.create("http://127.0.0.1:" + freePort());
		Path config = this.storage.resolve("s3proxy.conf");
		Files.writeString(config,
				String.join("\n", "s3proxy.endpoint=" + this.endpoint, "s3proxy.authorization=aws-v2-or-v4",
						"s3proxy.identity=" + IDENTITY, "s3proxy.credential=" + CREDENTIAL,
						"jclouds.provider=filesystem",
						"jclouds.filesystem.basedir=" + Files.createDirectory(this.storage.resolve("data"))));
		Path log = Files.createDirectories(MODULE.resolve("target/processes")).resolve("s3proxy.log");
		this.process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		this.client = S3Client.builder()
			.endpointOverride(this.endpoint)
			.forcePathStyle(true)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
			.build();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("S3Proxy exited; see " + log);
			}
			return this.client.listBuckets() != null;
		});
		logger.info("S3Proxy at {}, storing in {}", this.endpoint, this.storage);
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.client != null) {
			this.client.close();
		}
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		if (this.storage != null) {
			FileSystemUtils.deleteRecursively(this.storage);
		}
	}

	/**
	 * The properties that point archive-service at this S3.
	 * @return {@code name=value} pairs
	 */
	public List<String> serviceProperties() {
		return List.of("archive.s3.endpoint=" + this.endpoint, "archive.s3.path-style-access=true",
				"archive.s3.region=us-east-1", "archive.s3.access-key=" + IDENTITY,
				"archive.s3.secret-key=" + CREDENTIAL);
	}

	/**
	 * The keys in a bucket, without reading the objects: a listing may show an object
	 * whose upload is still being stored, which a read at that moment does not find.
	 * @param bucket the bucket
	 * @return every key, in the order S3 lists them
	 */
	public List<String> keys(String bucket) {
		return this.client.listObjectsV2Paginator((request) -> request.bucket(bucket))
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

	/**
	 * Every object of a bucket, read back: downloaded, decompressed, each line parsed.
	 * @param bucket the bucket
	 * @return the objects, by key
	 */
	public List<StoredObject> objects(String bucket) {
		for (int attempt = 1;; attempt++) {
			try {
				return keys(bucket).stream()
					.map((key) -> new StoredObject(key,
							orders(this.client.getObjectAsBytes((request) -> request.bucket(bucket).key(key))
								.asByteArray())))
					.toList();
			}
			catch (NoSuchKeyException ex) {
				// Listed while its upload was being stored: list again
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

	private static List<Order> orders(byte[] gzipped) {
		try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(gzipped));
				Deserializer<Order> json = Topics.orderSerde().deserializer()) {
			String ndjson = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
			return ndjson.lines()
				.map((line) -> json.deserialize(Topics.ORDERS, line.getBytes(StandardCharsets.UTF_8)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * An object of the bucket, as read back.
	 *
	 * @param key its key
	 * @param orders the orders it holds, in order
	 */
	public record StoredObject(String key, List<Order> orders) {

	}

}
