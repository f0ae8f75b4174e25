package io.consumergroups.archive.objects;

import java.util.List;

import io.consumergroups.archive.config.ArchiveProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /archive/objects}: the objects this replica wrote, and to which bucket.
 */
@RestController
class ArchivedObjectsController {

	private final ArchivedObjects objects;

	private final String bucket;

	ArchivedObjectsController(ArchivedObjects objects, ArchiveProperties properties) {
		this.objects = objects;
		this.bucket = properties.bucket();
	}

	@GetMapping("/archive/objects")
	Listing objects() {
		List<ArchivedObject> written = this.objects.list();
		return new Listing(this.bucket, written.stream().mapToLong(ArchivedObject::count).sum(), written);
	}

	/**
	 * What the replica wrote.
	 *
	 * @param bucket where
	 * @param orders how many orders the listed objects hold
	 * @param objects the objects, oldest first
	 */
	record Listing(String bucket, long orders, List<ArchivedObject> objects) {

	}

}
