package io.consumergroups.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.consumergroups.harness.process.JvmProcess;

/**
 * S3Proxy, the archive-service's stand-in for S3: a process of its own with its
 * filesystem backend, each bucket a directory under {@link DemoDirectory#s3()}. The
 * archive-service's README sets it up the same way by hand.
 */
final class S3Proxy {

	/** Where archive-service's build copies S3Proxy's self-contained jar. */
	private static final String JAR = "archive-service/target/local-s3/s3proxy.jar";

	private S3Proxy() {
	}

	/**
	 * The endpoint archive-service is given.
	 * @return {@code http://127.0.0.1:9000}
	 */
	static String endpoint() {
		return "http://127.0.0.1:" + ServicePort.S3PROXY;
	}

	/**
	 * Writes S3Proxy's configuration and starts it, with the keys archive-service uses by
	 * default.
	 * @param root the repository root, where the jar is built
	 * @param directory the demo's directory
	 * @param launcher starts it, its output relayed as a service's
	 * @return the running process
	 * @throws IllegalStateException if the jar is missing
	 * @throws IOException if the configuration cannot be written or the process started
	 */
	static JvmProcess start(Path root, DemoDirectory directory, ServiceLauncher launcher) throws IOException {
		Path storage = directory.s3();
		Files.createDirectories(storage);
		Path config = directory.s3ProxyConfig();
		Files.writeString(config, """
				s3proxy.endpoint=%s
				s3proxy.authorization=aws-v2-or-v4
				s3proxy.identity=local-identity
				s3proxy.credential=local-credential
				jclouds.provider=filesystem
				jclouds.filesystem.basedir=%s
				""".formatted(endpoint(), storage.toAbsolutePath()));
		Path jar = root.resolve(JAR);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build archive-service, or run ./demo --no-fanout");
		}
		return launcher.start("s3proxy", jar, ServicePort.S3PROXY, List.of("-Xmx128m"),
				List.of("--properties", config.toString()), Map.of(), directory.logFile("s3proxy"));
	}

}
