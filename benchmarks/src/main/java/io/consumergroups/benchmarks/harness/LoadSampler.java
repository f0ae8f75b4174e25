package io.consumergroups.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The machine's 1-minute load average ({@code /proc/loadavg}), sampled every 15 s during
 * a run: on a shared machine other work competes for the cores, and a reader must know
 * how much.
 */
public final class LoadSampler implements AutoCloseable {

	private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

	private final List<Double> samples = new ArrayList<>();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "load-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private LoadSampler() {
	}

	public static LoadSampler start() {
		LoadSampler sampler = new LoadSampler();
		sampler.scheduler.scheduleAtFixedRate(sampler::sample, 0, 15, TimeUnit.SECONDS);
		return sampler;
	}

	private void sample() {
		try {
			String[] fields = Files.readString(LOAD_AVERAGE).trim().split("\\s+");
			synchronized (this.samples) {
				this.samples.add(Double.parseDouble(fields[0]));
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux: no load figures
		}
	}

	/**
	 * The samples so far.
	 * @return 1-minute load averages
	 */
	public Samples samples() {
		synchronized (this.samples) {
			return Samples.of(this.samples);
		}
	}

	@Override
	public void close() {
		sample();
		this.scheduler.shutdownNow();
	}

}
