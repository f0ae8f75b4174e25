package io.consumergroups.archive.archiving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What an archive object holds: its orders as NDJSON (one JSON document per line, in
 * offset order), gzip-compressed. Each line is the order as the
 * {@link Topics#orderSerde() topic's serde} writes it, so the archive reads like the
 * topic: {@code zcat} and {@code jq}, Athena, Spark and DuckDB read it as it is.
 * <p>
 * The bytes depend only on the orders (gzip's header carries no timestamp here), so
 * writing the same batch again writes the same object.
 */
final class ObjectContent {

	/** How S3 serves the object: a gzip file, not JSON to be decompressed on the fly. */
	static final String CONTENT_TYPE = "application/gzip";

	private static final byte NEWLINE = '\n';

	private ObjectContent() {
	}

	/**
	 * Encode a batch of orders.
	 * @param orders the orders, in offset order
	 * @return gzip-compressed NDJSON
	 */
	static byte[] encode(List<Order> orders) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (Serializer<Order> json = Topics.orderSerde().serializer();
				GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			for (Order order : orders) {
				// Compact JSON has no line breaks: one order, one line.
				gzip.write(json.serialize(Topics.ORDERS, order));
				gzip.write(NEWLINE);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not compress " + orders.size() + " orders", ex);
		}
		return bytes.toByteArray();
	}

}
