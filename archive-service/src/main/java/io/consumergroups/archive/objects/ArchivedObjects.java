package io.consumergroups.archive.objects;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The objects this replica wrote since it started, newest last: what
 * {@code GET /archive/objects} shows. The bucket itself is the archive; this is the
 * replica's own account of its part, bounded so that it never grows without limit.
 */
@Component
public class ArchivedObjects {

	private static final int KEPT_OBJECTS = 1000;

	private final Deque<ArchivedObject> objects = new ArrayDeque<>();

	/**
	 * Note an object written.
	 * @param object the object
	 */
	public synchronized void add(ArchivedObject object) {
		this.objects.addLast(object);
		if (this.objects.size() > KEPT_OBJECTS) {
			this.objects.removeFirst();
		}
	}

	/**
	 * The objects written, at most the last {@value #KEPT_OBJECTS}.
	 * @return the objects, oldest first
	 */
	public synchronized List<ArchivedObject> list() {
		return List.copyOf(this.objects);
	}

}
