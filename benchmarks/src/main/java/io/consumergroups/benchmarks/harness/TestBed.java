package io.consumergroups.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.consumergroups.harness.process.JvmProcess;
import io.consumergroups.harness.process.ProcessOutput;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where a benchmark runs: the cluster, the service under test and where the processes it
 * starts write their logs.
 *
 * @param bootstrapServers the cluster's bootstrap servers
 * @param brokers how many brokers it has, 1 or 3
 * @param processor how order-processor is started
 * @param logDirectory one log file per process started
 */
public record TestBed(String bootstrapServers, int brokers, ProcessorLauncher processor, Path logDirectory) {

	/**
	 * The settings every client of the cluster needs.
	 * @return its bootstrap servers
	 */
	public Map<String, Object> clientSettings() {
		return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
	}

	/**
	 * Where a process started here writes its output, over all its starts.
	 * @param name the process's name
	 * @return {@code <name>.log} in the log directory
	 */
	public ProcessOutput output(String name) {
		return ProcessOutput.appendTo(this.logDirectory.resolve(name + ".log"));
	}

	/**
	 * A main class of the harness's class path run as its own JVM, not started yet. The
	 * main class is also named in a system property before the class path: where a
	 * command line is read cut short ({@code ProcessHandle.Info}), {@link CpuUse} still
	 * tells what the process is.
	 * @param name its name, for its log file
	 * @param jvmOptions e.g. the heap size
	 * @param mainClass the class to run
	 * @param arguments its arguments
	 * @return the process, to start
	 */
	public JvmProcess mainClass(String name, List<String> jvmOptions, String mainClass, List<String> arguments) {
		List<String> options = new ArrayList<>(jvmOptions);
		options.add("-Dbench.main-class=" + mainClass);
		return JvmProcess.mainClass(name, mainClass)
			.jvmOptions(options)
			.arguments(arguments)
			.output(output(name))
			.build();
	}

}
