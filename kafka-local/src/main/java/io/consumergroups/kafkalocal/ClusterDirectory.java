package io.consumergroups.kafkalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's data directory: {@code node-<id>/} for each node and {@code tls/} for the
 * certificates of a secured cluster. What an earlier cluster left there is deleted at
 * start, as every cluster is formatted afresh; anything else in the directory is left
 * alone. A temporary directory is deleted with its cluster, a chosen one kept, so that
 * its logs can be read after the cluster has stopped.
 */
final class ClusterDirectory {

	private static final Logger logger = LoggerFactory.getLogger(ClusterDirectory.class);

	private static final Pattern NODE_DIRECTORY = Pattern.compile("node-\\d+");

	private final Path path;

	private final boolean temporary;

	private ClusterDirectory(Path path, boolean temporary) {
		this.path = path;
		this.temporary = temporary;
	}

	/**
	 * The data directory of a new cluster.
	 * @param dataDir the chosen directory, or {@code null} for a new temporary one
	 * @return the directory
	 */
	static ClusterDirectory of(Path dataDir) {
		return (dataDir != null) ? new ClusterDirectory(dataDir.toAbsolutePath(), false)
				: new ClusterDirectory(createTemporaryDirectory(), true);
	}

	Path path() {
		return this.path;
	}

	/**
	 * Where a node's configuration, logs and data go.
	 * @param nodeId the node
	 * @return {@code node-<id>} in this directory
	 */
	Path node(int nodeId) {
		return this.path.resolve("node-" + nodeId);
	}

	/**
	 * Where a secured cluster's certificates go, emptied of an earlier cluster's.
	 * @return {@code tls} in this directory, deleted
	 */
	Path freshTls() {
		Path tls = this.path.resolve("tls");
		deleteRecursively(tls);
		return tls;
	}

	/**
	 * Deletes the node directories of an earlier cluster.
	 * @throws UncheckedIOException if the directory cannot be listed
	 */
	void deleteNodeDirectories() {
		if (!Files.isDirectory(this.path)) {
			return;
		}
		try (Stream<Path> children = Files.list(this.path)) {
			children.filter((child) -> NODE_DIRECTORY.matcher(child.getFileName().toString()).matches())
				.forEach(ClusterDirectory::deleteRecursively);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not clean " + this.path, ex);
		}
	}

	/**
	 * Deletes the directory if it is a temporary one; may run twice, and at once.
	 */
	void deleteIfTemporary() {
		if (this.temporary) {
			deleteRecursively(this.path);
		}
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not delete {}", directory, ex);
		}
	}

	private static Path createTemporaryDirectory() {
		try {
			return Files.createTempDirectory("kafka-local-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary directory", ex);
		}
	}

}
