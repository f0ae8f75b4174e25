package io.consumergroups.events.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * A Logback {@link TurboFilter} that is in force for as long as it is a bean: once its
 * properties are set it is started and added to Logback's {@link LoggerContext}, and it
 * is removed again when the bean is destroyed, so a context closed in a JVM that lives on
 * (a test, several services side by side) leaves Logback as it found it. Spring Boot
 * configures Logback before it creates any bean, so that configuration does not drop the
 * filter.
 * <p>
 * It works on Logback, Spring Boot's default; with another logging system it does
 * nothing.
 */
public abstract class InstalledTurboFilter extends TurboFilter implements InitializingBean, DisposableBean {

	@Override
	public void afterPropertiesSet() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			setContext(context);
			start();
			context.addTurboFilter(this);
		}
	}

	@Override
	public void destroy() {
		if (getContext() instanceof LoggerContext context) {
			context.getTurboFilterList().remove(this);
		}
		stop();
	}

}
