package io.consumergroups.archive;

/**
 * The topic this service owns. It reads {@link io.consumergroups.events.Topics#ORDERS}
 * and writes S3 objects.
 */
public final class ArchiveTopics {

	/**
	 * Records of {@code orders} this group could not archive: not JSON, outside the order
	 * contract, without key or value, or not keyed by their order's customer. Each as it
	 * was (cut to fit the topic when it was too large), on the partition number it came
	 * from, with the cause and its origin in headers. Apart from {@code orders.DLT},
	 * which belongs to the order-processors group: each group's dead letters are its own.
	 */
	public static final String DEAD_LETTERS = "archive-service.DLT";

	private ArchiveTopics() {
	}

}
