package io.consumergroups.events.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Moves WARN lines that describe how Kafka normally works to DEBUG, unchanged: the line
 * is logged again at DEBUG (shown only when its logger is at DEBUG) and the WARN is
 * dropped. Which lines move is the subclass's to say; every other line is left as it is.
 */
public abstract class ExpectedWarningLogFilter extends InstalledTurboFilter {

	@Override
	public final FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable throwable) {
		if (level != Level.WARN || format == null || !isExpected(logger.getName(), format)) {
			return FilterReply.NEUTRAL;
		}
		if (logger.isDebugEnabled()) {
			logger.debug(format, params);
		}
		return FilterReply.DENY;
	}

	/**
	 * Whether a WARN line is an expected one.
	 * @param loggerName the name of the logger it was logged with
	 * @param message the line as given to the logger; Kafka's {@code LogContext} formats
	 * its lines (prefix and arguments) before they reach Logback
	 * @return whether it moves to DEBUG
	 */
	protected abstract boolean isExpected(String loggerName, String message);

}
